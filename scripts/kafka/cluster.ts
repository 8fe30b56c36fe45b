/**
 * A local KRaft cluster of `size` nodes on 127.0.0.1 (`startLocalCluster`): each node a broker and a controller, the
 * controllers voting together, one data folder each under `<dataDir>/kafka-cluster/node-<id>/`, sharing one cluster
 * id and one set of credentials. Node `i` (from 1) listens for clients on `port + 2(i-1)` and for its controller on
 * the port above: 9092/9093, 9094/9095, 9096/9097 by default. With three nodes the internal topics keep three copies,
 * two in sync (properties.ts), and the exchange creates its topics the same way (CX_TOPIC_REPLICATION=3).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadCredentials } from './credentials';
import { layoutOf } from './layout';
import { LocalBroker, LocalBrokerOptions, startLocalBroker } from './local-broker';
import { ClusterNode } from './properties';
import { isFormatted, newClusterId } from './storage';

export interface LocalClusterOptions extends Pick<LocalBrokerOptions, 'heapMb' | 'readyTimeoutMs' | 'log'> {
  dataDir: string;
  size: number;
  /** Client port of node 1; node i's is `port + 2(i-1)`, its controller's the one above. Default 9092. */
  port?: number;
  /** Or each node's ports, node 1 first (tests take free ones). */
  ports?: Array<{ port: number; controllerPort: number }>;
  /** Wipe the cluster's folder first. */
  fresh?: boolean;
}

export interface LocalCluster {
  /** Every node's bootstrap address, node 1 first. */
  brokers: string[];
  credential: LocalBroker['credential'];
  /** The running nodes, by node id (1-based): undefined while one is stopped. */
  nodes: Map<number, LocalBroker>;
  /** Stops (or, with SIGKILL, kills) one node. */
  stopNode(nodeId: number, signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Starts a stopped node again with its data. */
  startNode(nodeId: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startLocalCluster(opts: LocalClusterOptions): Promise<LocalCluster> {
  const root = path.join(path.resolve(opts.dataDir), 'kafka-cluster');
  if (opts.fresh) fs.rmSync(root, { recursive: true, force: true });
  const base = opts.port ?? 9092;
  const ids = Array.from({ length: opts.size }, (_, i) => i + 1);
  const portOf = (id: number) => opts.ports?.[id - 1].port ?? base + 2 * (id - 1);
  const controllerPortOf = (id: number) => opts.ports?.[id - 1].controllerPort ?? portOf(id) + 1;
  const voters = ids.map((id) => `${id}@127.0.0.1:${controllerPortOf(id)}`).join(',');
  const dirOf = (id: number) => path.join(root, `node-${id}`);

  // One cluster id and one set of passwords for every node (inter-broker SCRAM, the controllers' PLAIN user).
  const first = layoutOf(dirOf(1));
  fs.mkdirSync(first.root, { recursive: true });
  loadCredentials(first, isFormatted(first));
  if (!fs.existsSync(first.clusterIdFile)) fs.writeFileSync(first.clusterIdFile, `${newClusterId()}\n`);
  for (const id of ids.slice(1)) {
    const l = layoutOf(dirOf(id));
    fs.mkdirSync(l.root, { recursive: true });
    for (const file of ['credentialsFile', 'clusterIdFile'] as const) {
      if (!fs.existsSync(l[file])) fs.copyFileSync(first[file], l[file]);
    }
  }

  const nodeOptions = (id: number): LocalBrokerOptions => ({
    dataDir: dirOf(id),
    port: portOf(id),
    controllerPort: controllerPortOf(id),
    heapMb: opts.heapMb ?? 384,
    readyTimeoutMs: opts.readyTimeoutMs,
    log: (line) => (opts.log ?? console.log)(`[node ${id}] ${line}`),
    node: { nodeId: id, voters, size: opts.size } satisfies ClusterNode,
  });
  const nodes = new Map<number, LocalBroker>();
  // Started together: none is ready before a majority of the controllers runs.
  const started = await Promise.allSettled(ids.map((id) => startLocalBroker(nodeOptions(id))));
  started.forEach((s, i) => s.status === 'fulfilled' && nodes.set(ids[i], s.value));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.all([...nodes.values()].map((n) => n.stop()));
    throw failed.reason;
  }
  const credential = nodes.get(1)!.credential;
  return {
    brokers: ids.map((id) => `127.0.0.1:${portOf(id)}`),
    credential,
    nodes,
    async stopNode(id, signal = 'SIGTERM') {
      const node = nodes.get(id);
      nodes.delete(id);
      await node?.stop(signal);
    },
    async startNode(id) {
      if (!nodes.has(id)) nodes.set(id, await startLocalBroker(nodeOptions(id)));
    },
    async stop() {
      await Promise.all([...nodes.values()].map((n) => n.stop()));
      nodes.clear();
    },
  };
}
