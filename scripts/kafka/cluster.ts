/**
 * A local Kafka cluster (`startLocalCluster`, `npm run kafka -- cluster 3`): N KRaft nodes on 127.0.0.1, each both
 * broker and controller, the N of them the controller quorum's voters; secured as the single broker (SCRAM clients,
 * a PLAIN controller listener, StandardAuthorizer with no ACL meaning no access). With three nodes the internal
 * topics are replicated three times with a minimum in-sync of two, so that losing any one node loses nothing and
 * stops nothing.
 *
 * Files: `<dataDir>/kafka-cluster/` holds the cluster id and the credentials every node shares (and the exchange's
 * password alone in `exchange.password`, for KAFKA_SASL_PASSWORD_FILE), and one folder per
 * node (`node-1/` …) laid out as the single broker's `kafka/` folder (its own lock, pid, logs and KRaft data).
 * Ports: node i listens for clients on `port + i - 1` and for its controller on `controllerPort + i - 1`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureKafkaClasspath } from './classpath';
import { BrokerCredential, EXCHANGE_PRINCIPAL, loadCredentials } from './credentials';
import { Layout, layoutAt } from './layout';
import { releaseLock } from './lock';
import { launchNode, NodeSpec, RunningNode, takeNodeFolder } from './node';
import { waitUntilReady } from './readiness';
import { isFormatted } from './storage';

export interface LocalClusterOptions {
  /** Data folder (CX_DATA_DIR); the cluster keeps everything under `<dataDir>/kafka-cluster/`. */
  dataDir: string;
  /** How many nodes, 3 by default (1 to 9; 3 or more for replication 3). */
  nodes?: number;
  /** First node's client port, default 9192; node i uses `port + i - 1`. */
  port?: number;
  /** First node's controller port, default 9292; node i uses `controllerPort + i - 1`. */
  controllerPort?: number;
  /** JVM heap ceiling of each node in MiB, default 384. */
  heapMb?: number;
  /** Wipe the cluster's folder first (after stopping stale brokers of it). */
  fresh?: boolean;
  /** How long to wait for the whole cluster to answer, default 120 s. */
  readyTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface ClusterNode {
  nodeId: number;
  /** `127.0.0.1:<port>` */
  broker: string;
  /** The JVM's process id (a new one after `start`). */
  readonly pid: number;
  logFile: string;
  /** SIGTERM (clean) or SIGKILL (a crash) of this node alone. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Starts this node again after `stop` (its data kept), and resolves once it answers. */
  start(): Promise<void>;
}

export interface LocalCluster {
  /** Bootstrap servers: every node's client listener. */
  brokers: string[];
  credential: BrokerCredential;
  version: string;
  nodes: ClusterNode[];
  /** The exchange's password alone (mode 600), for KAFKA_SASL_PASSWORD_FILE. */
  passwordFile: string;
  /** Stops every node still running (SIGTERM, in parallel). */
  stop(): Promise<void>;
}

/** Replication of the internal topics (and the broker default): every node's, at most 3; min ISR one fewer. */
export function clusterReplication(nodes: number): { replication: number; minInsync: number } {
  const replication = Math.min(3, nodes);
  return { replication, minInsync: Math.max(1, replication - 1) };
}

export function clusterRoot(dataDir: string): string {
  return path.join(path.resolve(dataDir), 'kafka-cluster');
}

/** Node i's files; the cluster id and the credentials are the cluster's, shared by every node. */
function nodeLayout(root: string, nodeId: number): Layout {
  return {
    ...layoutAt(path.join(root, `node-${nodeId}`)),
    clusterIdFile: path.join(root, 'cluster.id'),
    credentialsFile: path.join(root, 'credentials.json'),
  };
}

export async function startLocalCluster(opts: LocalClusterOptions): Promise<LocalCluster> {
  const log = opts.log ?? ((line: string) => console.log(`[kafka] ${line}`));
  const count = opts.nodes ?? 3;
  if (!Number.isInteger(count) || count < 1 || count > 9)
    throw new Error(`a local cluster has 1 to 9 nodes, not ${count}`);
  const port = opts.port ?? 9192;
  const controllerPort = opts.controllerPort ?? 9292;
  const root = clusterRoot(opts.dataDir);
  const started = Date.now();
  const ids = Array.from({ length: count }, (_, i) => i + 1);
  const voters = ids.map((id) => `${id}@127.0.0.1:${controllerPort + id - 1}`).join(',');
  const specs: NodeSpec[] = ids.map((id) => ({
    layout: nodeLayout(root, id),
    port: port + id - 1,
    controllerPort: controllerPort + id - 1,
    heapMb: opts.heapMb ?? 384,
    role: { nodeId: id, voters, ...clusterReplication(count) },
  }));

  const taken: NodeSpec[] = [];
  const running: RunningNode[] = [];
  try {
    for (const spec of specs) {
      await takeNodeFolder(spec, opts.fresh, log);
      taken.push(spec);
    }
    if (opts.fresh) {
      fs.rmSync(specs[0].layout.clusterIdFile, { force: true });
      fs.rmSync(specs[0].layout.credentialsFile, { force: true });
    }
    const { version, classpath } = await ensureKafkaClasspath(log);
    const credentials = loadCredentials(
      specs[0].layout,
      specs.some((s) => isFormatted(s.layout)),
    );
    // Every node is formatted with the same cluster id and SCRAM users, then all run: a quorum needs a majority.
    for (const spec of specs) running.push(await launchNode(spec, classpath, version, credentials, log));
    const passwordFile = path.join(root, 'exchange.password');
    fs.writeFileSync(passwordFile, `${credentials.exchange}\n`, { mode: 0o600 });
    const credential: BrokerCredential = {
      mechanism: 'scram-sha-512',
      username: EXCHANGE_PRINCIPAL,
      password: credentials.exchange,
    };
    const brokers = specs.map((s) => `127.0.0.1:${s.port}`);
    await Promise.race([
      waitUntilReady(
        brokers,
        credential,
        running.map((n) => n.child),
        specs.map((s) => s.layout),
        opts.readyTimeoutMs ?? 120_000,
      ),
      ...running.map((n) => n.spawnError),
    ]);
    log(
      `Apache Kafka ${version}: ${count} nodes ready on ${brokers.join(',')} in ` +
        `${((Date.now() - started) / 1000).toFixed(1)} s; logs: ${path.join(root, 'node-*', 'logs', 'server.log')}`,
    );
    const nodes: ClusterNode[] = specs.map((spec, i) => ({
      nodeId: ids[i],
      broker: brokers[i],
      get pid() {
        return running[i].pid;
      },
      logFile: spec.layout.logFile,
      stop: (signal) => running[i].stop(signal),
      start: async () => {
        await running[i].stop();
        await takeNodeFolder(spec, false, log);
        running[i] = await launchNode(spec, classpath, version, credentials, log);
        // The others answer meanwhile: wait until this node itself serves clients and names every node, itself too.
        await Promise.race([
          waitUntilReady([brokers[i]], credential, [running[i].child], [spec.layout], 120_000, specs.length),
          running[i].spawnError,
        ]);
        log(`node ${ids[i]} running again (pid ${running[i].pid})`);
      },
    }));
    return {
      brokers,
      credential,
      version,
      nodes,
      passwordFile,
      stop: async () => {
        await Promise.all(running.map((n) => n.stop()));
      },
    };
  } catch (err) {
    await Promise.all(running.map((n) => n.stop()));
    for (const spec of taken) releaseLock(spec.layout);
    throw err;
  }
}
