/**
 * `npm run kafka -- start|fetch` (or `node dist/scripts/kafka/cli.js start|fetch`):
 *   fetch  resolve the pinned Apache Kafka jars from Maven Central once and print the classpath's size
 *   start  run the local broker in the foreground until Ctrl-C, then stop it cleanly
 *   cluster N  run a local cluster of N KRaft nodes (cluster.ts) in the foreground until Ctrl-C
 * Reads CX_DATA_DIR (default .cx), CX_KAFKA_PORT (9092) and CX_KAFKA_CONTROLLER_PORT (9093; single broker only).
 */
import * as path from 'node:path';
import { ensureKafkaClasspath } from './classpath';
import { startLocalCluster } from './cluster';
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

/** Stops `what` on Ctrl-C or SIGTERM, then exits. */
function stopOnSignal(what: { stop(): Promise<void> }): void {
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    log('stopping…');
    what.stop().then(
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
      stopOnSignal(broker);
      return;
    }
    case 'cluster': {
      const size = Number(arg ?? '3');
      if (!Number.isInteger(size) || size < 1 || size > 9) {
        console.error('usage: cluster N (1-9 nodes)');
        process.exit(2);
      }
      const dataDir = path.resolve(process.env.CX_DATA_DIR || '.cx');
      const cluster = await startLocalCluster({
        dataDir,
        size,
        port: portFromEnv('CX_KAFKA_PORT', 9092),
        log,
      });
      const { mechanism, username } = cluster.credential;
      log(
        `KAFKA_BROKERS=${cluster.brokers.join(',')} CX_TOPIC_REPLICATION=${Math.min(size, 3)} ` +
          `KAFKA_SASL_MECHANISM=${mechanism} KAFKA_SASL_USERNAME=${username} KAFKA_SASL_PASSWORD_FILE=<its password, in ` +
          `${path.join(dataDir, 'kafka-cluster', 'node-1', 'kafka', 'credentials.json')}>   (Ctrl-C stops the cluster)`,
      );
      stopOnSignal(cluster);
      return;
    }
    default:
      console.error('usage: node dist/scripts/kafka/cli.js start|fetch|cluster N');
      process.exit(2);
  }
}

main(process.argv[2], process.argv[3]).catch((err: unknown) => {
  console.error(`[kafka] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
