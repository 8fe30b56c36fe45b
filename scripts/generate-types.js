#!/usr/bin/env node
/*
 * Generates libs/contracts/src/generated/ from schemas/ with json-schema-to-typescript: the message types, and
 * (from schemas/api/) the HTTP API's request and answer shapes, which the gateway and the dashboard import.
 *   node scripts/generate-types.js          writes the files
 *   node scripts/generate-types.js --check  exits 1 when the committed files differ from what the schemas give
 * Plain CommonJS so that CI runs it with node alone.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const { compile } = require('json-schema-to-typescript');

const ROOT = path.resolve(__dirname, '..');
const SCHEMAS = path.join(ROOT, 'schemas');
const OUT = path.join(ROOT, 'libs/contracts/src/generated');
const BASE_URI = 'https://schemas.corridor-exchange.example/';
const PAYLOAD_FILE = /^v(\d+\.\d+)\/([a-z]+(?:\.[a-z]+)*)\.schema\.json$/;
const API_FILE = /^api\/([a-z-]+)\.schema\.json$/;
const STYLE = JSON.parse(fs.readFileSync(path.join(ROOT, '.prettierrc'), 'utf8'));

const banner = (source) =>
  `/* Generated from schemas/${source} by scripts/generate-types.js. Do not edit: change the schema and run npm run types:generate. */`;

// Refs name other schemas by $id; read those from schemas/ instead of the network.
const localSchemas = {
  order: 1,
  canRead: (file) => file.url.startsWith(BASE_URI),
  read: (file) => fs.readFileSync(path.join(SCHEMAS, file.url.slice(BASE_URI.length)), 'utf8'),
};

function schemaFiles(dir = SCHEMAS, prefix = '') {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? schemaFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`)
        : entry.name.endsWith('.schema.json')
          ? [`${prefix}${entry.name}`]
          : [],
    )
    .sort();
}

async function typesOf(relativePath) {
  const file = path.join(SCHEMAS, relativePath);
  const schema = JSON.parse(fs.readFileSync(file, 'utf8'));
  return compile(schema, schema.title, {
    cwd: path.dirname(file),
    bannerComment: banner(relativePath),
    ignoreMinAndMaxItems: true,
    style: STYLE,
    $refOptions: { resolve: { http: false, https: false, cx: localSchemas } },
  });
}

/** Map of output path (relative to OUT) to file content. */
async function generate() {
  const out = new Map();
  const byVersion = new Map();
  const api = [];
  const titles = new Map();
  for (const relativePath of schemaFiles()) {
    if (relativePath === 'definitions.schema.json') continue; // only $defs: its types appear where they are used
    const title = JSON.parse(fs.readFileSync(path.join(SCHEMAS, relativePath), 'utf8')).title;
    out.set(relativePath.replace(/\.schema\.json$/, '.ts'), await typesOf(relativePath));
    const apiShape = API_FILE.exec(relativePath);
    if (apiShape) {
      api.push(`export type { ${title} } from './${apiShape[1]}';`);
      titles.set(`api/${apiShape[1]}.ts`, title);
    }
    const payload = PAYLOAD_FILE.exec(relativePath);
    if (payload) {
      const [, version, type] = payload;
      byVersion.set(version, [...(byVersion.get(version) ?? []), { type, title }]);
    }
  }
  declareOnce(out, titles);
  const versions = [...byVersion.keys()].sort(compareVersions);
  for (const version of versions) {
    const lines = byVersion
      .get(version)
      .map(({ type, title }) => `export type { ${title} } from './${type}';`);
    out.set(`v${version}/index.ts`, [banner(`v${version}/`), ...lines, ''].join('\n'));
  }
  out.set('api/index.ts', [banner('api/'), ...api, ''].join('\n'));
  const index = [
    banner(''),
    "export type { Envelope } from './envelope';",
    "export type * from './api';",
    ...versions.map((v) => `export * as ${namespaceOf(v)} from './v${v}';`),
    '',
  ];
  out.set('index.ts', index.join('\n'));
  return out;
}

/**
 * The compiler declares a referenced shape in every file that uses it (`Violation` in the ack and in four API shapes).
 * Each API file keeps only what is its own: a declaration already made by a message type, or by the API file the shape
 * is titled after, or by an earlier API file, is imported (and exported again) from there.
 */
function declareOnce(out, titles) {
  const home = new Map(); // name → the declaration the other files import: { path, body }
  const claim = (p, d) => {
    if (d.name && !home.has(d.name)) home.set(d.name, { path: p, body: d.body });
  };
  const apiPaths = [...out.keys()].filter((p) => p.startsWith('api/'));
  for (const [p, text] of out) if (!p.startsWith('api/')) declarationsOf(text).forEach((d) => claim(p, d));
  for (const p of apiPaths)
    declarationsOf(out.get(p))
      .filter((d) => d.name === titles.get(p))
      .forEach((d) => claim(p, d));
  for (const p of apiPaths) {
    const [banner, ...declarations] = declarationsOf(out.get(p));
    const imported = new Map();
    const kept = [];
    for (const d of declarations) {
      const elsewhere = home.get(d.name);
      if (elsewhere && elsewhere.path !== p && elsewhere.body === d.body)
        imported.set(d.name, elsewhere.path);
      else {
        claim(p, d);
        kept.push(d.text);
      }
    }
    if (imported.size === 0) continue;
    const imports = [...imported].map(
      ([name, from]) => `import type { ${name} } from '${moduleOf(p, from)}';`,
    );
    const again = `export type { ${[...imported.keys()].join(', ')} };\n`;
    out.set(p, [banner.text, imports.join('\n') + '\n', again, ...kept].join('\n'));
  }
}

/** A generated file's top-level chunks: the banner, then each declaration with its comment (`body` without it). */
function declarationsOf(text) {
  const chunks = [];
  for (const piece of text.split(/\n(?=\/\*\*|export )/)) {
    const previous = chunks[chunks.length - 1];
    const loneComment = previous !== undefined && previous.startsWith('/**') && !/\nexport /.test(previous);
    if (loneComment) chunks[chunks.length - 1] += '\n' + piece;
    else chunks.push(piece);
  }
  return chunks.map((chunk) => {
    const match = /^export (?:interface|type) (\w+)/m.exec(chunk);
    return { name: match?.[1], body: match && chunk.slice(match.index).trim(), text: chunk.trimEnd() + '\n' };
  });
}

function moduleOf(from, to) {
  const relative = path.posix.relative(path.posix.dirname(from), to.replace(/\.ts$/, ''));
  return relative.startsWith('.') ? relative : `./${relative}`;
}

const namespaceOf = (version) => `V${version.replace('.', '_')}`;

function compareVersions(a, b) {
  const [am, an] = a.split('.').map(Number);
  const [bm, bn] = b.split('.').map(Number);
  return am - bm || an - bn;
}

function existingFiles(dir = OUT, prefix = '') {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? existingFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`)
        : [`${prefix}${entry.name}`],
    );
}

async function main() {
  const check = process.argv.includes('--check');
  const wanted = await generate();
  const existing = existingFiles();
  const stale = existing.filter((file) => !wanted.has(file));
  const differing = [...wanted].filter(([file, content]) => {
    const target = path.join(OUT, file);
    return !fs.existsSync(target) || fs.readFileSync(target, 'utf8') !== content;
  });
  if (check) {
    if (stale.length === 0 && differing.length === 0) {
      console.log(`generated types are up to date (${wanted.size} files)`);
      return;
    }
    for (const [file] of differing) console.error(`out of date: libs/contracts/src/generated/${file}`);
    for (const file of stale) console.error(`no schema produces: libs/contracts/src/generated/${file}`);
    console.error('run: npm run types:generate');
    process.exitCode = 1;
    return;
  }
  for (const file of stale) fs.rmSync(path.join(OUT, file));
  for (const [file, content] of differing) {
    fs.mkdirSync(path.dirname(path.join(OUT, file)), { recursive: true });
    fs.writeFileSync(path.join(OUT, file), content);
  }
  console.log(`wrote ${differing.length} of ${wanted.size} files, removed ${stale.length}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
