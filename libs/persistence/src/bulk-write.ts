import { EntityManager, ObjectLiteral } from 'typeorm';

/** Rows per statement: keeps SQLite under its bound-parameter limit and PostgreSQL statements small. */
const ROWS_PER_STATEMENT = 200;

/**
 * On a key that exists already: keep the stored row, or replace every column but the key with the new values, or
 * replace them only when the stored row has the same value in the named property (the same message, further along).
 */
export type OnConflict = 'ignore' | 'update' | { updateIfSame: string };

/**
 * One multi-row `INSERT … ON CONFLICT` per chunk, built from the entity's column metadata. The pipeline writes tens of
 * thousands of rows a second; TypeORM's query builder spent more CPU building such statements than the database spent
 * running them (bench/pipeline.ts --profile). Both PostgreSQL and SQLite speak this dialect; only placeholders differ.
 */
export async function bulkInsert<T extends ObjectLiteral>(
  m: EntityManager,
  entity: new () => T,
  rows: Partial<T>[],
  onConflict: OnConflict,
): Promise<void> {
  if (rows.length === 0) return;
  const meta = m.connection.getMetadata(entity);
  const columns = meta.columns.filter((c) => !c.isGenerated);
  const names = columns.map((c) => `"${c.databaseName}"`).join(', ');
  const keys = meta.primaryColumns.filter((c) => !c.isGenerated).map((c) => `"${c.databaseName}"`);
  const uniqueKeys = meta.indices.find((i) => i.isUnique)?.columns.map((c) => `"${c.databaseName}"`);
  const target = (keys.length > 0 ? keys : (uniqueKeys ?? [])).join(', ');
  const updated = columns
    .filter((c) => !c.isPrimary)
    .map((c) => `"${c.databaseName}" = excluded."${c.databaseName}"`);
  const guard =
    typeof onConflict === 'object'
      ? ` WHERE "${meta.tableName}"."${same(meta.columns, onConflict.updateIfSame)}" = excluded."${same(meta.columns, onConflict.updateIfSame)}"`
      : '';
  const conflict =
    onConflict === 'ignore'
      ? `ON CONFLICT DO NOTHING`
      : `ON CONFLICT (${target}) DO UPDATE SET ${updated.join(', ')}${guard}`;
  const postgres = m.connection.options.type === 'postgres';
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const part = rows.slice(i, i + ROWS_PER_STATEMENT);
    const params: unknown[] = [];
    const tuples = part.map((row) => {
      const slots = columns.map((c) => {
        params.push(columnValue(c.type, c.getEntityValue(row) ?? literalDefault(c.default), postgres));
        return postgres ? `$${params.length}` : '?';
      });
      return `(${slots.join(', ')})`;
    });
    await m.query(
      `INSERT INTO "${meta.tableName}" (${names}) VALUES ${tuples.join(', ')} ${conflict}`,
      params,
    );
  }
}

function same(columns: Array<{ propertyName: string; databaseName: string }>, property: string): string {
  const column = columns.find((c) => c.propertyName === property);
  if (!column) throw new Error(`no column for property ${property}`);
  return column.databaseName;
}

/** A column's declared default when it is a plain value (SQLite has no DEFAULT keyword inside VALUES). */
function literalDefault(value: unknown): unknown {
  return ['string', 'number', 'boolean'].includes(typeof value) ? value : undefined;
}

function columnValue(type: unknown, value: unknown, postgres: boolean): unknown {
  if (value === undefined || value === null) return null;
  if (type === 'simple-json') return JSON.stringify(value);
  if (typeof value === 'boolean' && !postgres) return value ? 1 : 0;
  return value;
}
