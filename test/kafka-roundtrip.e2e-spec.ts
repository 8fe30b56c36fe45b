/**
 * The local broker against the client the apps use (kafkajs): topics made by the admin API, produce, consume through
 * a consumer group, and consume-transform-produce transactions read with read_committed, as the router does them.
 */
import { randomBytes } from 'node:crypto';
import {
  Admin,
  Consumer,
  EachBatchPayload,
  KafkaMessage,
  logCreator,
  logLevel,
  Partitioners,
  Producer,
} from 'kafkajs';
import { testKafka } from './support/kafka-client';
import { waitFor } from './support/wait';

const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
// kafkajs logs every CONCURRENT_TRANSACTIONS answer at ERROR, though it is retriable and expected: a transaction begun
// right after a commit meets the coordinator still writing the previous one's markers. Those lines are dropped.
const quietLogs: logCreator = () => (entry) => {
  const { message, error, ...rest } = entry.log as { message: string; error?: string };
  if (/concurrent operation on the same transaction/.test(`${message} ${error ?? ''}`)) return;
  console.warn(`[kafkajs ${logLevel[entry.level]}] ${message}${error ? `: ${error}` : ''}`, rest);
};
const kafka = testKafka('kafka-roundtrip-test', {
  logLevel: logLevel.WARN,
  logCreator: quietLogs,
  // kafkajs' first retry waits 300 ms by default; retrying CONCURRENT_TRANSACTIONS after 20 ms keeps transactions
  // about 10x faster (~20 ms instead of ~200 ms each here).
  retry: { initialRetryTime: 20 },
});
// Short fetch waits: a consumer's disconnect waits for its fetch in flight.
const consumerTuning = { maxWaitTimeInMs: 250 };
const unique = (what: string) => `roundtrip.${what}.${randomBytes(4).toString('hex')}`;

let admin: Admin;
const open: Array<Producer | Consumer> = [];
const topics: string[] = [];

function track<T extends Producer | Consumer>(client: T): T {
  open.push(client);
  return client;
}

async function createTopic(what: string, numPartitions = 3): Promise<string> {
  const topic = unique(what);
  await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic, numPartitions, replicationFactor: 1 }],
  });
  topics.push(topic);
  return topic;
}

interface Received {
  key: string;
  value: string;
  partition: number;
  offset: string;
}

/** A consumer that records every record of `topic` it is given, from the beginning. */
async function collect(topic: string, opts: { groupId?: string; readUncommitted?: boolean } = {}) {
  const got: Received[] = [];
  const consumer = track(
    kafka.consumer({
      ...consumerTuning,
      groupId: opts.groupId ?? unique('reader'),
      readUncommitted: opts.readUncommitted ?? false,
    }),
  );
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      got.push({ key: String(message.key), value: String(message.value), partition, offset: message.offset });
    },
  });
  return { consumer, got };
}

/** Committed offsets of a group on a topic equal the topic's end offsets, partition by partition. */
async function groupCaughtUp(groupId: string, topic: string): Promise<boolean> {
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const ends = await admin.fetchTopicOffsets(topic);
  return ends.every((end) => {
    const c = committed.partitions.find((p) => p.partition === end.partition);
    return Number(end.offset) === 0 ? true : c !== undefined && c.offset === end.offset;
  });
}

beforeAll(async () => {
  expect(brokers.length).toBeGreaterThan(0);
  admin = kafka.admin();
  await admin.connect();
});

afterAll(async () => {
  await Promise.allSettled(open.map((c) => c.disconnect()));
  if (topics.length > 0) await admin.deleteTopics({ topics }).catch(() => undefined);
  await admin?.disconnect();
});

describe('local Kafka broker round trip (kafkajs)', () => {
  it('answers metadata as a single KRaft node', async () => {
    const cluster = await admin.describeCluster();
    expect(cluster.brokers).toHaveLength(1);
    expect(brokers).toContain(`${cluster.brokers[0].host}:${cluster.brokers[0].port}`);
  });

  it('produces, then consumes through a consumer group in order per key, and commits the group offsets', async () => {
    const topic = await createTopic('plain');
    expect((await admin.fetchTopicMetadata({ topics: [topic] })).topics[0].partitions).toHaveLength(3);

    const keys = ['KTZ-1', 'KTZ-2', 'ADY-7', 'BAKU-3', 'POTI-9'];
    const sent = keys.flatMap((key) =>
      Array.from({ length: 8 }, (_, seq) => ({ key, value: JSON.stringify({ key, seq }) })),
    );
    const producer = track(kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner }));
    await producer.connect();
    // Interleaved keys, one request per round, as independent senders would.
    for (let seq = 0; seq < 8; seq += 1) {
      await producer.send({ topic, messages: sent.filter((m) => JSON.parse(m.value).seq === seq) });
    }

    const groupId = unique('group');
    const { got } = await collect(topic, { groupId });
    await waitFor(() => got.length >= sent.length, {
      what: `${sent.length} records through group ${groupId}`,
    });

    expect(got.map((r) => r.value).sort()).toEqual(sent.map((m) => m.value).sort());
    for (const key of keys) {
      const ofKey = got.filter((r) => r.key === key);
      expect(new Set(ofKey.map((r) => r.partition)).size).toBe(1);
      expect(ofKey.map((r) => (JSON.parse(r.value) as { seq: number }).seq)).toEqual([
        0, 1, 2, 3, 4, 5, 6, 7,
      ]);
    }
    await waitFor(() => groupCaughtUp(groupId, topic), { what: `group ${groupId} to commit its offsets` });
  });

  it('commits consume-transform-produce transactions; read_committed sees exactly what was committed', async () => {
    const input = await createTopic('in');
    const output = await createTopic('out');
    const groupId = unique('transformer');

    const source = track(kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner }));
    await source.connect();
    const inputs = Array.from({ length: 12 }, (_, i) => ({ key: `REF-${i % 4}`, value: `m${i}` }));
    await source.send({ topic: input, messages: inputs });

    // The router's shape: one transaction per batch carrying the outputs and the consumer group's offsets.
    const txProducer = track(
      kafka.producer({
        transactionalId: unique('tx'),
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
      }),
    );
    await txProducer.connect();
    const transformer = track(kafka.consumer({ ...consumerTuning, groupId, readUncommitted: false }));
    await transformer.connect();
    await transformer.subscribe({ topic: input, fromBeginning: true });
    let transformed = 0;
    await transformer.run({
      autoCommit: false,
      eachBatch: async ({ batch }: EachBatchPayload) => {
        const messages = batch.messages.map((m: KafkaMessage) => ({
          key: m.key,
          value: `T(${String(m.value)})`,
        }));
        const tx = await txProducer.transaction();
        try {
          await tx.send({ topic: output, messages });
          const next = (BigInt(batch.lastOffset()) + 1n).toString();
          await tx.sendOffsets({
            consumerGroupId: groupId,
            topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: next }] }],
          });
          await tx.commit();
        } catch (err) {
          await tx.abort();
          throw err;
        }
        transformed += messages.length;
      },
    });
    await waitFor(() => transformed >= inputs.length, { what: 'the transformer to commit every input' });
    await waitFor(() => groupCaughtUp(groupId, input), {
      what: 'the offsets sent in the transactions to be committed',
    });
    await transformer.stop();

    // An aborted transaction, then a committed marker on the same key (so the same partition, after it).
    const aborted = await txProducer.transaction();
    await aborted.send({ topic: output, messages: [{ key: 'REF-0', value: 'ABORTED' }] });
    await aborted.abort();
    const marker = await txProducer.transaction();
    await marker.send({ topic: output, messages: [{ key: 'REF-0', value: 'MARKER' }] });
    await marker.commit();

    const expected = [...inputs.map((m) => `T(${m.value})`), 'MARKER'].sort();
    const committedReader = await collect(output, { readUncommitted: false });
    await waitFor(
      () =>
        committedReader.got.some((r) => r.value === 'MARKER') &&
        committedReader.got.length >= expected.length,
      {
        what: 'read_committed to reach the marker',
      },
    );
    expect(committedReader.got.map((r) => r.value).sort()).toEqual(expected);

    // The aborted record is in the log all the same: read_uncommitted sees it, so the check above means something.
    const uncommittedReader = await collect(output, { readUncommitted: true });
    // The marker's partition is reached first at times: wait for every record of every partition, not for the marker.
    await waitFor(() => uncommittedReader.got.length >= expected.length + 1, {
      what: 'read_uncommitted to read every record, the aborted one included',
    });
    expect(uncommittedReader.got.map((r) => r.value).sort()).toEqual([...expected, 'ABORTED'].sort());

    // Per key, the committed outputs keep the inputs' order.
    for (const key of ['REF-0', 'REF-1', 'REF-2', 'REF-3']) {
      const want = inputs.filter((m) => m.key === key).map((m) => `T(${m.value})`);
      const seen = committedReader.got
        .filter((r) => r.key === key && r.value !== 'MARKER')
        .map((r) => r.value);
      expect(seen).toEqual(want);
    }
  });
});
