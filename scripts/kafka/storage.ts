/** The broker's KRaft storage: formatted once, with a cluster id kept in the data folder and the SCRAM super users. */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BROKER_PRINCIPAL, Credentials, EXCHANGE_PRINCIPAL } from './credentials';
import { log4jArgs, runJava } from './java';
import { Layout } from './layout';

/** Kafka's cluster ids are 16 random bytes in URL-safe base64 without padding, never starting with '-'. */
export function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export function isFormatted(l: Layout): boolean {
  return fs.existsSync(path.join(l.dataDirs, 'meta.properties'));
}

/** Formats the KRaft storage once, with a cluster id kept in the data folder and the SCRAM super users in it. */
export async function formatStorage(
  l: Layout,
  classpath: string,
  version: string,
  c: Credentials,
  log: (line: string) => void,
): Promise<void> {
  if (isFormatted(l)) {
    const formattedBy = fs.existsSync(l.formattedByFile)
      ? fs.readFileSync(l.formattedByFile, 'utf8').trim()
      : undefined;
    if (formattedBy && compareVersions(formattedBy, version) > 0) {
      throw new Error(
        `${l.dataDirs} was formatted by Apache Kafka ${formattedBy}, newer than ${version} that would run now; ` +
          `Kafka's storage is not forward-compatible. Delete ${l.root} to start over with an empty broker.`,
      );
    }
    return;
  }
  let clusterId = fs.existsSync(l.clusterIdFile) ? fs.readFileSync(l.clusterIdFile, 'utf8').trim() : '';
  if (!/^[A-Za-z0-9_-]{22}$/.test(clusterId)) {
    clusterId = newClusterId();
    fs.writeFileSync(l.clusterIdFile, `${clusterId}\n`);
  }
  log(`formatting KRaft storage in ${l.dataDirs} (cluster id ${clusterId})`);
  const { code, output } = await runJava([
    ...log4jArgs(l),
    '-cp',
    classpath,
    'kafka.tools.StorageTool',
    'format',
    '--config',
    l.serverProperties,
    '--cluster-id',
    clusterId,
    '--ignore-formatted',
    '--add-scram',
    `SCRAM-SHA-512=[name=${EXCHANGE_PRINCIPAL},password=${c.exchange}]`,
    '--add-scram',
    `SCRAM-SHA-512=[name=${BROKER_PRINCIPAL},password=${c.broker}]`,
  ]);
  if (code !== 0) throw new Error(`formatting Kafka storage failed (exit ${code}):\n${output.trim()}`);
  fs.writeFileSync(l.formattedByFile, `${version}\n`);
}
