/**
 * The local single-node broker after a crash: restarted after SIGKILL on its data, it serves transactions again, and
 * a transaction the crash left open does not block `read_committed` readers. (A killed single node first runs on the
 * registration the dead process left, is refused its own with DUPLICATE_BROKER_REGISTRATION until that session times
 * out, and is then fenced, its partitions without a leader for a moment; transaction-markers.e2e-spec.ts covers what
 * that moment must not do.) Its own broker on ports of its own, as the fault suite.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Kafka } from 'kafkajs';
import { LocalBroker, startLocalBroker } from '../scripts/kafka/local-broker';
import { freePorts } from './support/free-port';
import { testKafka } from './support/kafka-client';
import { TopicReader } from './support/topic-reader';

const TOPIC = 'restart-check';

let dataDir: string;
let broker: LocalBroker | undefined;

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cx-restart-'));
});

afterAll(async () => {
  await broker?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const client = (b: LocalBroker) => testKafka(TOPIC, { brokers: b.brokers, sasl: b.credential });

const transactional = (kafka: Kafka) =>
  kafka.producer({ transactionalId: TOPIC, idempotent: true, maxInFlightRequests: 1 });

it('restarts after SIGKILL mid-transaction, aborts that transaction and commits the next', async () => {
  const [port, controllerPort] = await freePorts(2);
  const options = { dataDir, port, controllerPort, log: () => undefined };
  broker = await startLocalBroker({ ...options, fresh: true });
  const before = client(broker);
  const admin = before.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 1 }], waitForLeaders: true });
  await admin.disconnect();
  const doomed = transactional(before);
  await doomed.connect();
  const open = await doomed.transaction();
  await open.send({ topic: TOPIC, acks: -1, messages: [{ value: 'open at the crash' }] });

  await broker.stop('SIGKILL');
  await doomed.disconnect().catch(() => undefined);
  broker = await startLocalBroker({ ...options, fresh: false });

  // A new producer of the same id fences the dead one and aborts its transaction; its own commits at once.
  const kafka = client(broker);
  const producer = transactional(kafka);
  await producer.connect();
  const txn = await producer.transaction();
  await txn.send({ topic: TOPIC, acks: -1, messages: [{ value: 'after the restart' }] });
  await txn.commit();
  await producer.disconnect();

  const reader = await TopicReader.open([TOPIC], kafka);
  try {
    await reader.waitFor((records) => records.length > 0, 'the committed record');
    expect(reader.records.map((r) => r.value)).toEqual(['after the restart']);
  } finally {
    await reader.close();
  }
}, 240_000);
