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
 * Plain TypeScript on node built-ins and kafkajs only, so both `npm start` and the jest global setup can use it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureKafkaClasspath } from './classpath';
import { BrokerCredential, EXCHANGE_PRINCIPAL, loadCredentials } from './credentials';
import { javaError, spawnBroker } from './java';
import { Layout, layoutOf } from './layout';
import { acquireLock, PidRecord, releaseLock, stopStaleBroker } from './lock';
import { assertPortsFree } from './ports';
import { STOP_GRACE_MS } from './processes';
import { ClusterNode, log4jProperties, ProxiedListener, serverProperties } from './properties';
import { waitUntilReady } from './readiness';
import { formatStorage, isFormatted } from './storage';

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
  /** This node's place in a local cluster (cluster.ts); absent: a cluster of one. */
  node?: ClusterNode;
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
  const port = opts.port ?? 9092;
  const controllerPort = opts.controllerPort ?? 9093;
  const heapMb = opts.heapMb ?? 512;
  const l = layoutOf(opts.dataDir);
  const started = Date.now();

  fs.mkdirSync(l.root, { recursive: true });
  acquireLock(l);
  try {
    await stopStaleBroker(l, log);
    if (opts.fresh) {
      const keep = path.basename(l.lockFile);
      for (const entry of fs.readdirSync(l.root).filter((e) => e !== keep)) {
        fs.rmSync(path.join(l.root, entry), { recursive: true, force: true });
      }
    }
    fs.mkdirSync(l.dataDirs, { recursive: true });
    fs.mkdirSync(l.logsDir, { recursive: true });
    await assertPortsFree(port, controllerPort);
    return await launch(l, {
      port,
      controllerPort,
      heapMb,
      log,
      started,
      readyTimeoutMs: opts.readyTimeoutMs ?? 90_000,
      proxied: opts.proxied,
      node: opts.node,
    });
  } catch (err) {
    releaseLock(l);
    throw err;
  }
}

async function launch(
  l: Layout,
  o: {
    port: number;
    controllerPort: number;
    heapMb: number;
    log: (line: string) => void;
    started: number;
    readyTimeoutMs: number;
    proxied?: ProxiedListener;
    node?: ClusterNode;
  },
): Promise<LocalBroker> {
  const { port, controllerPort, heapMb, log, started } = o;
  const { version, classpath } = await ensureKafkaClasspath(log);
  const credentials = loadCredentials(l, isFormatted(l));
  const credential: BrokerCredential = {
    mechanism: 'scram-sha-512',
    username: EXCHANGE_PRINCIPAL,
    password: credentials.exchange,
  };
  fs.writeFileSync(
    l.serverProperties,
    serverProperties(l, port, controllerPort, credentials, o.proxied, o.node),
    {
      mode: 0o600,
    },
  );
  fs.writeFileSync(l.log4jProperties, log4jProperties(l));
  await formatStorage(l, classpath, version, credentials, log);

  const child = spawnBroker(l, classpath, heapMb);
  const spawnError = new Promise<never>((_, reject) => child.once('error', (err) => reject(javaError(err))));
  spawnError.catch(() => undefined);
  if (child.pid === undefined) await spawnError;
  const pid = child.pid as number;
  fs.writeFileSync(l.pidFile, `${JSON.stringify({ pid, owner: process.pid } satisfies PidRecord)}\n`);

  // If this process exits without calling stop() (an uncaught error, process.exit), take the broker down with it.
  const onExit = () => {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  process.on('exit', onExit);

  let stopping: Promise<void> | undefined;
  const stop = (signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> => {
    stopping ??= (async () => {
      process.removeListener('exit', onExit);
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill(signal);
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(l.pidFile, { force: true });
      releaseLock(l);
    })();
    return stopping;
  };

  const broker = `127.0.0.1:${port}`;
  try {
    await Promise.race([waitUntilReady(broker, credential, child, l, o.readyTimeoutMs), spawnError]);
  } catch (err) {
    await stop();
    throw err;
  }
  log(
    `Apache Kafka ${version} ready on ${broker} (pid ${pid}) in ${((Date.now() - started) / 1000).toFixed(1)} s; log: ${l.logFile}`,
  );
  return { brokers: [broker], credential, pid, version, logFile: l.logFile, stop };
}
