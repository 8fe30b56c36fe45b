/**
 * A member of a consumer group that lost its partition in a rebalance it has not seen yet (it held a batch longer
 * than its session, say, while a broker failed over) must not commit that batch's transaction after the partition's
 * new owner read the offsets and processed it too: both outputs would be delivered. Kafka's own producer sends the
 * group generation with the transaction's offsets (KIP-447, TxnOffsetCommit v3) and the coordinator refuses a stale
 * one; kafkajs sent v1, which names no generation (libs/kafka/src/group-fenced-offsets.ts).
 */
import { randomBytes } from 'node:crypto';
import { Admin, Consumer, logLevel, Producer } from 'kafkajs';
import { commitOffsetsAs } from '../libs/kafka/src/group-fenced-offsets';
import { testKafka } from './support/kafka-client';
import { TopicReader } from './support/topic-reader';
import { waitFor } from './support/wait';

const kafka = testKafka('group-fencing-test', {
  logLevel: logLevel.NOTHING,
  retry: { initialRetryTime: 20 },
});
const unique = (what: string) => `fencing.${what}.${randomBytes(4).toString('hex')}`;

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

/** A group member that consumes `input` and writes each batch to `output` with its offsets in one transaction. */
async function member(name: string, groupId: string, input: string, output: string, hold?: Promise<void>) {
  const transactionalId = unique(name);
  const producer = kafka.producer({ transactionalId, idempotent: true, maxInFlightRequests: 1 });
  const consumer = kafka.consumer({
    groupId,
    sessionTimeout: 6_000,
    heartbeatInterval: 500,
    maxWaitTimeInMs: 100,
  });
  open.push(producer, consumer);
  await producer.connect();
  const state = { fetched: false, committed: false, refused: undefined as string | undefined };
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) =>
    commitOffsetsAs(transactionalId, payload.memberId),
  );
  await consumer.connect();
  await consumer.subscribe({ topic: input, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      state.fetched = true;
      await hold; // no heartbeat meanwhile: past the session, the group gives the partition to another member
      const txn = await producer.transaction();
      try {
        await txn.send({
          topic: output,
          messages: batch.messages.map((m) => ({ value: `${name}:${m.value}` })),
        });
        await txn.sendOffsets({
          consumerGroupId: groupId,
          topics: [
            { topic: input, partitions: [{ partition: 0, offset: String(Number(batch.lastOffset()) + 1) }] },
          ],
        });
        await txn.commit();
        state.committed = true;
      } catch (err) {
        state.refused = (err as { type?: string }).type ?? (err as Error).message;
        await txn.abort().catch(() => undefined);
      }
    },
  });
  return state;
}

it('refuses the transaction of a member whose partition has moved on, so its batch is delivered once', async () => {
  const input = unique('input');
  const output = unique('output');
  const groupId = unique('group');
  await admin.createTopics({
    waitForLeaders: true,
    topics: [input, output].map((topic) => ({ topic, numPartitions: 1, replicationFactor: 1 })),
  });
  const plain = kafka.producer();
  open.push(plain);
  await plain.connect();
  await plain.send({ topic: input, messages: [{ value: 'm0' }] });

  let release!: () => void;
  const zombie = await member('zombie', groupId, input, output, new Promise((r) => (release = r)));
  await waitFor(() => zombie.fetched, { what: 'the first member to fetch the batch' });
  // The second member joins; the first, stuck in its batch, misses its session and is dropped from the group.
  const heir = await member('heir', groupId, input, output);
  await waitFor(() => heir.committed, {
    timeoutMs: 60_000,
    what: 'the second member to take the batch over',
  });
  release();
  await waitFor(() => zombie.committed || zombie.refused !== undefined, {
    what: "the first member's commit",
  });

  expect(zombie).toMatchObject({
    committed: false,
    refused: expect.stringMatching(/UNKNOWN_MEMBER_ID|ILLEGAL_GENERATION/),
  });
  const reader = await TopicReader.open([output]);
  try {
    await waitFor(() => reader.on(output).length >= 1, { what: 'the output' });
    await new Promise((r) => setTimeout(r, 1_000));
    expect(reader.on(output).map((r) => r.value)).toEqual(['heir:m0']);
  } finally {
    await reader.close();
  }
});
