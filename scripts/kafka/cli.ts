/**
 * `npm run kafka -- start|fetch|cluster [N]` (or `node dist/scripts/kafka/cli.js …`):
 *   fetch        resolve the pinned Apache Kafka jars from Maven Central once and print the classpath's size
 *   start        run the local broker in the foreground until Ctrl-C, then stop it cleanly
 *   cluster [N]  run a local cluster of N KRaft nodes (default 3) in the foreground until Ctrl-C
 * Reads CX_DATA_DIR (default .cx), CX_KAFKA_PORT (9092; the cluster's first node 9192) and CX_KAFKA_CONTROLLER_PORT
 * (9093; 9292).
 */
import * as path from 'node:path';
import { ensureKafkaClasspath } from './classpath';
import { clusterReplication, startLocalCluster } from './cluster';
import { startLocalBroker } from './local-broker';

const log = (line: string) => console.log(`[kafka] ${line}`);

function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`${name}=${JSON.stringify(raw)} is not a port (1-65535)`);
    process.exit(2);
  }
  return port;
}

/** Ctrl-C or SIGTERM: stop the broker(s) cleanly, then exit. */
function stopOnSignal(stop: () => Promise<void>): void {
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    log('stopping…');
    stop().then(
      () => {
        log('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

async function main(command: string | undefined, arg: string | undefined): Promise<void> {
  switch (command) {
    case 'fetch': {
      const { version, classpath, fetched } = await ensureKafkaClasspath(log);
      const jars = classpath.split(path.delimiter).length;
      log(`Apache Kafka ${version}: ${jars} jars ${fetched ? 'fetched' : 'already cached'}`);
      return;
    }
    case 'start': {
      const dataDir = path.resolve(process.env.CX_DATA_DIR || '.cx');
      const broker = await startLocalBroker({
        dataDir,
        port: portFromEnv('CX_KAFKA_PORT', 9092),
        controllerPort: portFromEnv('CX_KAFKA_CONTROLLER_PORT', 9093),
        log,
      });
      const { mechanism, username } = broker.credential;
      log(
        `KAFKA_BROKERS=${broker.brokers.join(',')} KAFKA_SASL_MECHANISM=${mechanism} KAFKA_SASL_USERNAME=${username} ` +
          `KAFKA_SASL_PASSWORD_FILE=<its password, in ${path.join(dataDir, 'kafka', 'credentials.json')}>   (Ctrl-C stops the broker)`,
      );
      stopOnSignal(() => broker.stop());
      return;
    }
    case 'cluster': {
      const nodes = arg === undefined ? 3 : Number(arg);
      if (!Number.isInteger(nodes) || nodes < 1 || nodes > 9) {
        console.error(`cluster ${JSON.stringify(arg)}: the number of nodes is 1 to 9`);
        process.exit(2);
      }
      const dataDir = path.resolve(process.env.CX_DATA_DIR || '.cx');
      const cluster = await startLocalCluster({
        dataDir,
        nodes,
        port: portFromEnv('CX_KAFKA_PORT', 9192),
        controllerPort: portFromEnv('CX_KAFKA_CONTROLLER_PORT', 9292),
        log,
      });
      const { mechanism, username } = cluster.credential;
      const { replication, minInsync } = clusterReplication(nodes);
      for (const n of cluster.nodes)
        log(`node ${n.nodeId}: ${n.broker} pid ${n.pid} (kill -9 ${n.pid} to crash it)`);
      log(
        `KAFKA_BROKERS=${cluster.brokers.join(',')} KAFKA_SASL_MECHANISM=${mechanism} KAFKA_SASL_USERNAME=${username} ` +
          `KAFKA_SASL_PASSWORD_FILE=${cluster.passwordFile} ` +
          `CX_TOPIC_REPLICATION=${replication} CX_TOPIC_MIN_INSYNC=${minInsync}`,
      );
      log('Ctrl-C (or SIGTERM to this process) stops every node');
      stopOnSignal(() => cluster.stop());
      return;
    }
    default:
      console.error('usage: node dist/scripts/kafka/cli.js start|fetch|cluster [N]');
      process.exit(2);
  }
}

main(process.argv[2], process.argv[3]).catch((err: unknown) => {
  console.error(`[kafka] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
