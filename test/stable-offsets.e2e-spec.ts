/**
 * A consumer that joins its group while a transaction holding the group's offsets is still open must not start from
 * the offsets before that transaction: it would consume that transaction's input a second time. Kafka's Java consumer
 * asks for stable offsets (OffsetFetch v7, require_stable); kafkajs asked with v4 and got the old ones, which is how a
 * router rejoining right after a commit duplicated a whole batch (libs/kafka/src/stable-offset-fetch.ts).
 */
import { randomBytes } from 'node:crypto';
import { Admin, Consumer, logLevel, Producer } from 'kafkajs';
import { testKafka } from './support/kafka-client';
import { waitFor } from './support/wait';

const kafka = testKafka('stable-offsets-test', {
  logLevel: logLevel.NOTHING,
  retry: { initialRetryTime: 20 },
});
const unique = (what: string) => `stable.${what}.${randomBytes(4).toString('hex')}`;

let admin: Admin;
const open: Array<Producer | Consumer> = [];

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
});

afterAll(async () => {
  for (const client of open.reverse()) await client.disconnect().catch(() => undefined);
  await admin.disconnect();
});

it('a consumer joining while its offsets are in an open transaction starts from that transaction’s outcome', async () => {
  const topic = unique('input');
  const groupId = unique('group');
  await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic, numPartitions: 1, replicationFactor: 1 }],
  });
  const plain = kafka.producer();
  open.push(plain);
  await plain.connect();
  await plain.send({ topic, messages: Array.from({ length: 12 }, (_, i) => ({ value: `m${i}` })) });

  const transactional = async () => {
    const producer = kafka.producer({
      transactionalId: unique('tx'),
      idempotent: true,
      maxInFlightRequests: 1,
    });
    open.push(producer);
    await producer.connect();
    return producer;
  };
  // Offsets 0-4 consumed and committed; then 5-8 consumed in a transaction that is still open.
  // Two producers: one transactional id cannot begin its next transaction while the coordinator completes the last.
  const first = await (await transactional()).transaction();
  await first.sendOffsets({
    consumerGroupId: groupId,
    topics: [{ topic, partitions: [{ partition: 0, offset: '5' }] }],
  });
  await first.commit();
  const pending = await (await transactional()).transaction();
  await pending.sendOffsets({
    consumerGroupId: groupId,
    topics: [{ topic, partitions: [{ partition: 0, offset: '9' }] }],
  });

  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 250 });
  open.push(consumer);
  let offsetReads = 0;
  consumer.on(consumer.events.REQUEST, ({ payload }) => {
    if (payload.apiName === 'OffsetFetch') offsetReads++;
  });
  const got: string[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic });
  await consumer.run({ eachMessage: async ({ message }) => void got.push(message.offset) });

  // The consumer has asked for its offsets while the transaction is open; only then does the transaction commit.
  await waitFor(() => offsetReads > 0, { what: "the consumer's first offset read" });
  await pending.commit();

  await waitFor(() => got.length >= 3, { what: 'the records after the committed offset' });
  expect(got.slice(0, 3)).toEqual(['9', '10', '11']);
});
