import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Violation } from '@cx/contracts';
import { findSchemasDir, isRfc3339DateTime, readSchemaFiles, schemaViolations } from '@cx/validation';

type Schema = Record<string, unknown>;
type Note = { message: string; rule: string };

/**
 * The HTTP API's shapes (schemas/api/, by title: `NewParticipant`, `Problem`…), beside the message schemas they
 * refer to. One source for the gateway's input checks, the generated types and the OpenAPI document.
 */
export const SCHEMA_FILES = readSchemaFiles(findSchemasDir());
export const API_SCHEMAS: ReadonlyMap<string, Schema> = new Map(
  SCHEMA_FILES.filter(({ path }) => path.startsWith('api/')).map(({ schema }) => [
    String(schema.title),
    schema,
  ]),
);

const ajv = new Ajv2020({
  strict: true,
  strictRequired: false,
  allowUnionTypes: true,
  allErrors: true,
  verbose: true,
  discriminator: true,
});
addFormats(ajv, ['uri', 'uuid', 'json-pointer']);
ajv.addFormat('date-time', { type: 'string', validate: isRfc3339DateTime });
ajv.addVocabulary(['x-expected', 'x-violation', 'x-violation-type', 'x-violation-uniqueItems', 'tsType']);
ajv.addSchema(SCHEMA_FILES.map(({ schema }) => schema));

const validators = new Map<string, ValidateFunction>();
function validatorOf(title: string): ValidateFunction {
  const schema = API_SCHEMAS.get(title);
  if (!schema) throw new Error(`no API schema titled ${title}`);
  const validate = validators.get(title) ?? ajv.getSchema(String(schema.$id))!;
  validators.set(title, validate);
  return validate;
}

/** Whether `value` is a valid `title` (e.g. `SubscriptionPatch`). */
export const isValid = (title: string, value: unknown): boolean => validatorOf(title)(value);

/**
 * Every problem of `value` as a `title`, at most one per top-level field, in the order of the body's fields (missing
 * ones first). A schema words its violations in `x-violation` (any failure of that node) or `x-violation-<keyword>`;
 * elsewhere they read as the message schemas' do.
 */
export function apiViolations(title: string, value: unknown): Violation[] {
  const validate = validatorOf(title);
  if (validate(value)) return [];
  const root = API_SCHEMAS.get(title)!;
  const found = (validate.errors ?? []).flatMap((error) => {
    const violation = annotated(error, root) ?? schemaViolations([error])[0];
    return violation ? [{ violation, rank: rankOf(error, violation) }] : [];
  });
  const keys = typeof value === 'object' && value !== null ? Object.keys(value) : [];
  const fieldOf = (v: Violation) => v.path.split('/')[1] ?? '';
  const order = (v: Violation) => keys.indexOf(fieldOf(v));
  found.sort((a, b) => order(a.violation) - order(b.violation) || a.rank - b.rank);
  const seen = new Set<string>();
  return found.flatMap(({ violation }) => {
    if (seen.has(fieldOf(violation))) return [];
    seen.add(fieldOf(violation));
    return [violation];
  });
}

/** A list's own shape is reported before its items', and repeated items last. */
const rankOf = (error: ErrorObject, v: Violation) =>
  (error.keyword === 'uniqueItems' ? 1000 : 0) + v.path.split('/').length;

function annotated(error: ErrorObject, root: Schema): Violation | undefined {
  const note =
    noteOf(error.parentSchema as Schema, error.keyword) ??
    noteOf(nodeAt(root, error.instancePath), error.keyword);
  if (!note) return undefined;
  const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues;
  return {
    path: error.instancePath,
    message: note.message.replace('{allowedValues}', allowed?.join(', ') ?? ''),
    rule: note.rule,
  };
}

function noteOf(schema: Schema | undefined, keyword: string): Note | undefined {
  return (schema?.[`x-violation-${keyword}`] ?? schema?.['x-violation']) as Note | undefined;
}

/** The schema written for `pointer` by `properties` and `items` (a `$ref`'s target is the error's own schema). */
function nodeAt(root: Schema, pointer: string): Schema | undefined {
  let node: Schema | undefined = root;
  for (const segment of pointer.split('/').slice(1)) {
    const properties = node?.properties as Record<string, Schema> | undefined;
    node = properties?.[segment] ?? (node?.items as Schema | undefined);
  }
  return node;
}
