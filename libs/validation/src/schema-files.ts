import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SchemaDocument } from './schema-registry';

/**
 * The repository's `schemas/` folder: beside the nearest package.json above `from`. Code runs both from
 * TypeScript sources (jest) and from compiled `dist/`, so no fixed number of `..` would do.
 */
export function findSchemasDir(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'schemas');
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}: cannot find schemas/`);
  }
}

/** Every `*.schema.json` under `dir`, with its path relative to `dir` in `/` form. */
export function readSchemaFiles(dir: string): SchemaDocument[] {
  return listSchemaFiles(dir, '').map((path) => ({
    path,
    schema: JSON.parse(readFileSync(join(dir, path), 'utf8')) as SchemaDocument['schema'],
  }));
}

function listSchemaFiles(root: string, prefix: string): string[] {
  return readdirSync(join(root, prefix), { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return listSchemaFiles(root, `${prefix}${entry.name}/`);
    return entry.name.endsWith('.schema.json') ? [`${prefix}${entry.name}`] : [];
  });
}
