#!/usr/bin/env node
// npm's postinstall: puts the files of patches/kafkajs/ over the installed kafkajs (see patches/kafkajs/README.md).
// Each file replaces kafkajs' own only when that is exactly the file the patch was made from (its SHA-256 below) or
// an earlier version of the patch, so another kafkajs version, or a file changed some other way, stops the install
// with a message instead of being overwritten blindly. Plain node, no dependency: it runs before anything else is there.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const VERSION = '2.2.4';
const PATCHES = [
  {
    file: 'src/producer/sendMessages.js',
    original: '8a120e6993955e040a13014cccebd79b8d41e7355d6eda1065fa83fea2fbbcdb',
  },
  {
    file: 'src/protocol/encoder.js',
    original: '9977889e184a9e910e4f6098c36ec6a0ca36c183aa6ead0f24191b6aa1c9a777',
  },
  {
    file: 'src/protocol/recordBatch/crc32C/crc32C.js',
    original: '1c09c7a44e7a207f2dabb920e6bf9f6b1b3fd9cc023e959a9e91ba83e5b6f61a',
  },
];

const sha256 = (buf) => crypto.createHash('sha256').update(buf).digest('hex');
const root = path.dirname(require.resolve('kafkajs/package.json'));
const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;
if (version !== VERSION) {
  console.error(
    `patches/kafkajs: made for kafkajs ${VERSION}, installed is ${version}; port the patches first`,
  );
  process.exit(1);
}
for (const { file, original } of PATCHES) {
  const target = path.join(root, file);
  const patched = fs.readFileSync(path.join(__dirname, '..', 'patches', 'kafkajs', path.basename(file)));
  const current = fs.readFileSync(target);
  if (current.equals(patched)) continue;
  // This project's patches (an earlier version too) start by naming the file they replace: replaced as well.
  const ours = current.toString('utf8').startsWith(`// kafkajs ${VERSION}'s ${file}`);
  if (sha256(current) !== original && !ours) {
    console.error(`patches/kafkajs: ${target} is not kafkajs ${VERSION}'s own file; not patched`);
    process.exit(1);
  }
  fs.writeFileSync(target, patched);
  console.log(`patches/kafkajs: ${file} patched`);
}
