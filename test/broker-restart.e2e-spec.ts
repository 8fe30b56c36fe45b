/**
 * The local single-node broker after a crash (scripts/kafka/stale-registration.ts): restarted after SIGKILL, it must
 * not run its broker on the registration the killed process left. Before the controller-only pass, the restarted
 * node led its partitions on that stale registration, was refused its own (DUPLICATE_BROKER_REGISTRATION) for 9 s,
 * and was then fenced, leaderless for a moment: transaction markers in flight then were skipped and their
 * transactions stayed open for ever (the fault suite's stalls). Its own broker on ports of its own, as the fault suite.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { LocalBroker, startLocalBroker } from '../scripts/kafka/local-broker';
import { freePorts } from './support/free-port';

let dataDir: string;
let broker: LocalBroker | undefined;
const lines: string[] = [];

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cx-restart-'));
});

afterAll(async () => {
  await broker?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** What the broker's own log says from byte `from` on. */
const logSince = (b: LocalBroker, from: number) => fs.readFileSync(b.logFile).subarray(from).toString('utf8');

it('restarts after SIGKILL with the stale registration fenced first, and serves a transaction at once', async () => {
  const [port, controllerPort] = await freePorts(2);
  const options = { dataDir, port, controllerPort, log: (l: string) => lines.push(l) };
  broker = await startLocalBroker({ ...options, fresh: true });
  await broker.stop('SIGKILL');

  const from = fs.statSync(broker.logFile).size;
  broker = await startLocalBroker({ ...options, fresh: false });
  const log = logSince(broker, from);
  expect(
    lines.some((l) =>
      /ran as a controller alone first \(the registration the killed broker left is fenced\)/.test(l),
    ),
  ).toBe(true);
  // The broker half registered at once: it never ran on the old registration.
  expect(log).not.toMatch(/DUPLICATE_BROKER_REGISTRATION/);
  const fences = log.match(/Fencing broker \d+ at epoch \d+ because its session has timed out/g) ?? [];
  expect(fences).toHaveLength(1); // the controller-only pass's, before the broker started

  // And a transaction commits on it straight away.
  const kafka = new Kafka({
    brokers: broker.brokers,
    sasl: broker.credential,
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'restart-check', numPartitions: 1 }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer({
    transactionalId: 'restart-check',
    idempotent: true,
    maxInFlightRequests: 1,
  });
  await producer.connect();
  const txn = await producer.transaction();
  await txn.send({ topic: 'restart-check', messages: [{ value: 'x' }] });
  await txn.commit();
  await producer.disconnect();
}, 180_000);

it('restarts after a clean stop without the controller-only pass', async () => {
  const [port, controllerPort] = await freePorts(2);
  await broker!.stop();
  lines.length = 0;
  broker = await startLocalBroker({ dataDir, port, controllerPort, fresh: false, log: (l) => lines.push(l) });
  expect(lines.some((l) => /controller alone/.test(l))).toBe(false);
}, 120_000);
