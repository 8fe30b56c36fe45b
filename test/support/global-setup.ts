/**
 * Jest global setup of the e2e project: a real Apache Kafka broker for the whole run, unless KAFKA_BROKERS points
 * at one already. It runs from `.cx/test-kafka` (wiped each run) on 127.0.0.1:19092 (controller 19093), beside a
 * development broker on 9092. When those are taken by another test run on this machine, this run gets its own
 * folder and free ports. KAFKA_BROKERS and the super user's KAFKA_SASL_* set here reach the test workers;
 * global-teardown.ts stops the broker.
 */
import * as path from 'node:path';
import { saslEnv } from '../../libs/config/src/kafka-security';
import { freePorts } from './free-port';
import { BrokerInUseError, LocalBroker, startLocalBroker } from '../../scripts/kafka/local-broker';

export interface TestKafka {
  broker: LocalBroker;
  /** A data folder of this run alone, removed by the teardown. */
  ownDataDir?: string;
}

export const TEST_KAFKA_KEY = '__cxTestKafka';
const ROOT = path.resolve(__dirname, '../..');
const log = (line: string) => console.log(`[test-kafka] ${line}`);

export default async function globalSetup(): Promise<void> {
  if (process.env.KAFKA_BROKERS) {
    log(`using KAFKA_BROKERS=${process.env.KAFKA_BROKERS}`);
    return;
  }
  const started = Date.now();
  process.stdout.write('\n');
  let test: TestKafka;
  try {
    const dataDir = path.join(ROOT, '.cx', 'test-kafka');
    test = {
      broker: await startLocalBroker({ dataDir, port: 19092, controllerPort: 19093, fresh: true, log }),
    };
  } catch (err) {
    // Taken before the check (another run's broker), or between the check and the bind (one starting just then).
    const taken = err instanceof BrokerInUseError || /Address already in use/.test((err as Error).message);
    if (!taken) throw err;
    log(`${(err as Error).message.split('\n')[0]}. This test run starts a broker of its own.`);
    const ownDataDir = path.join(ROOT, '.cx', `test-kafka-${process.pid}`);
    const [port, controllerPort] = await freePorts(2);
    test = {
      broker: await startLocalBroker({ dataDir: ownDataDir, port, controllerPort, fresh: true, log }),
      ownDataDir,
    };
  }
  (globalThis as Record<string, unknown>)[TEST_KAFKA_KEY] = test;
  process.env.KAFKA_BROKERS = test.broker.brokers.join(',');
  // The exchange's super-user credential: the apps, the test clients and the examples read it from these.
  Object.assign(process.env, saslEnv(test.broker.credential));
  log(
    `KAFKA_BROKERS=${process.env.KAFKA_BROKERS} (broker up in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
}
