/**
 * The local broker's entry point (`startLocalBroker`): a real, single-node Apache Kafka broker (KRaft: one process
 * that is both broker and controller) on 127.0.0.1, run straight from Maven Central jars with the machine's `java`:
 * no Docker, no downloaded tarball. The other files of this folder hold one concern each.
 *
 * - The jars come from Maven Central once (classpath.ts), and run on the machine's `java` (java.ts).
 * - Everything the broker writes lives under `<dataDir>/kafka/`: the KRaft log dirs, server.properties, the
 *   broker's own log (`logs/server.log`), its pid file, the lock naming the process that runs it, and the cluster id
 *   it was formatted with (layout.ts). A broker left running by a process that died is found there and stopped at the
 *   next start (lock.ts).
 * - Secured: every client authenticates (SASL SCRAM-SHA-512) and Kafka's StandardAuthorizer allows only what an ACL
 *   allows (properties.ts). The exchange's super-user credential is generated into `credentials.json` at the first
 *   format (credentials.ts, storage.ts).
 *
 * A local cluster of three such nodes is cluster.ts's (`npm run kafka -- cluster 3`).
 *
 * Plain TypeScript on node built-ins and kafkajs only, so both `npm start` and the jest global setup can use it.
 */
import { ensureKafkaClasspath } from './classpath';
import { BrokerCredential, EXCHANGE_PRINCIPAL, loadCredentials } from './credentials';
import { layoutOf } from './layout';
import { releaseLock } from './lock';
import { launchNode, NodeSpec, RunningNode, takeNodeFolder } from './node';
import { ProxiedListener } from './properties';
import { waitUntilReady } from './readiness';
import { isFormatted } from './storage';

export type { BrokerCredential } from './credentials';
export { BrokerInUseError } from './lock';

export interface LocalBrokerOptions {
  /** Data folder (CX_DATA_DIR); the broker keeps everything under `<dataDir>/kafka/`. */
  dataDir: string;
  /** Client (PLAINTEXT) port, default 9092. */
  port?: number;
  /** KRaft controller port, default 9093. */
  controllerPort?: number;
  /** JVM heap ceiling in MiB, default 512. */
  heapMb?: number;
  /** Wipe `<dataDir>/kafka/` before starting (after stopping a stale broker of that folder): a clean broker for tests. */
  fresh?: boolean;
  /** How long to wait for the broker to answer, default 90 s. */
  readyTimeoutMs?: number;
  /** Progress lines (fetching, formatting, started). Default: console.log with a `[kafka]` prefix. */
  log?: (line: string) => void;
  /** A second client listener for a test's proxy (see ProxiedListener). */
  proxied?: ProxiedListener;
}

export interface LocalBroker {
  /** Bootstrap servers, e.g. `['127.0.0.1:9092']`. */
  brokers: string[];
  /** The listener authenticates every client (SASL SCRAM-SHA-512); this is the exchange's super-user credential. */
  credential: BrokerCredential;
  /** The JVM's process id. */
  pid: number;
  /** Apache Kafka version that runs. */
  version: string;
  /** The broker's own log file. */
  logFile: string;
  /**
   * SIGTERM, wait for a clean exit (SIGKILL after 15 s); with `'SIGKILL'`, a crash at once (the fault suite's).
   * Safe to call more than once.
   */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
}

const defaultLog = (line: string) => console.log(`[kafka] ${line}`);

/**
 * Starts the local broker and resolves once it answers. Fails with a clear message when a port is taken, Java or
 * Maven is missing, or the broker does not come up (with the tail of its log).
 */
export async function startLocalBroker(opts: LocalBrokerOptions): Promise<LocalBroker> {
  const log = opts.log ?? defaultLog;
  const started = Date.now();
  const spec: NodeSpec = {
    layout: layoutOf(opts.dataDir),
    port: opts.port ?? 9092,
    controllerPort: opts.controllerPort ?? 9093,
    heapMb: opts.heapMb ?? 512,
    proxied: opts.proxied,
  };
  const l = spec.layout;
  await takeNodeFolder(spec, opts.fresh, log);
  let node: RunningNode;
  let credential: BrokerCredential;
  let version: string;
  try {
    const cp = await ensureKafkaClasspath(log);
    version = cp.version;
    const credentials = loadCredentials(l, isFormatted(l));
    credential = { mechanism: 'scram-sha-512', username: EXCHANGE_PRINCIPAL, password: credentials.exchange };
    node = await launchNode(spec, cp.classpath, version, credentials, log);
  } catch (err) {
    releaseLock(l);
    throw err;
  }

  const broker = `127.0.0.1:${spec.port}`;
  try {
    await Promise.race([
      waitUntilReady([broker], credential, [node.child], [l], opts.readyTimeoutMs ?? 90_000),
      node.spawnError,
    ]);
  } catch (err) {
    await node.stop();
    throw err;
  }
  log(
    `Apache Kafka ${version} ready on ${broker} (pid ${node.pid}) in ${((Date.now() - started) / 1000).toFixed(1)} s; log: ${l.logFile}`,
  );
  return { brokers: [broker], credential, pid: node.pid, version, logFile: l.logFile, stop: node.stop };
}
