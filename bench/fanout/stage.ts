/**
 * One stage of the fan-out baseline, run as its own process (as the validator and the router are): consumes a topic
 * read_committed and writes, for each record, the records the pipeline would write for it, in one Kafka transaction
 * with the consumed offsets. Batches are gathered as the transport gathers them (every partition's batch at once,
 * up to 1,000 records a transaction, the same rounds of produce requests, the same client settings), so what the
 * pipeline costs beyond this is its own processing: validation, routing, signing and the database.
 *
 * `relay`: the validator's shape, one record out (the record as read, with the validated headers).
 * `fanout`: the router's shape, one delivery per recipient (CloudEvents headers, the receipt) and the ack to the
 * sender. Recipients and the receipt's bytes come from the stage's configuration (taken from the pipeline's own
 * deliveries): a table lookup, no routing and no signature.
 */
import { Partitioners } from 'kafkajs';
import { createKafka } from '../../libs/kafka/src/client';
import { GroupCommit } from '../../libs/kafka/src/group-commit';
import { sendRounds } from '../../libs/kafka/src/send-rounds';
import { DERIVED_MAX_MESSAGE_BYTES } from '../../libs/kafka/src/topics';
import { config, fanOut, relay, StageRecord, tally, tallyLine } from './stage-records';

interface Consumed {
  topic: string;
  partition: number;
  lastOffset: string;
  records: StageRecord[];
}

async function main(): Promise<void> {
  const kafka = createKafka(config.brokers, `bench-${config.kind}`, { sasl: config.sasl });
  const producer = kafka.producer({
    transactionalId: `bench-${config.kind}-${config.run}`,
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  await (await producer.transaction()).abort(); // InitProducerId now, as the apps do at start, not in the first batch
  const groupId = `bench-${config.kind}-${config.run}`;
  const commit = async (batches: Consumed[]) => {
    const now = new Date();
    const outgoing = batches.flatMap((b) =>
      b.records.flatMap((r) => (config.kind === 'relay' ? relay(r) : fanOut(r, now))),
    );
    const txn = await producer.transaction();
    try {
      for (const round of sendRounds(outgoing)) await txn.sendBatch({ acks: -1, topicMessages: round });
      await txn.sendOffsets({
        consumerGroupId: groupId,
        topics: batches.map((b) => ({
          topic: b.topic,
          partitions: [{ partition: b.partition, offset: (BigInt(b.lastOffset) + 1n).toString() }],
        })),
      });
      await txn.commit();
      tally.transactions += 1;
      tally.records += batches.reduce((n, b) => n + b.records.length, 0);
    } catch (err) {
      // Said aloud: a failed transaction means these records are consumed again, which the figures should show.
      console.error(`bench ${config.kind} stage: transaction failed (${(err as Error).message})`);
      await txn.abort().catch(() => undefined);
      throw err;
    }
  };
  const pending = new GroupCommit<Consumed>(commit, 1000, (b) => b.records.length);
  const consumer = kafka.consumer({
    groupId,
    readUncommitted: false,
    sessionTimeout: 10000,
    heartbeatInterval: 3000,
    maxBytesPerPartition: DERIVED_MAX_MESSAGE_BYTES,
    maxWaitTimeInMs: 250,
  });
  // Ready once the group is joined: the load must not wait for the join.
  consumer.on(consumer.events.GROUP_JOIN, () => process.send?.('ready'));
  await consumer.connect();
  await consumer.subscribe({ topics: [config.from], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: 64,
    eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
      if (batch.messages.length === 0) return;
      const records = batch.messages.map((m) => ({
        key: m.key ? m.key.toString('utf8') : null,
        value: m.value ?? Buffer.alloc(0),
        headers: Object.fromEntries(
          Object.entries(m.headers ?? {}).map(([k, v]) => [k, String(Array.isArray(v) ? v[0] : v)]),
        ),
      }));
      await pending.write([
        { topic: batch.topic, partition: batch.partition, lastOffset: batch.lastOffset(), records },
      ]);
      resolveOffset(batch.lastOffset());
      await heartbeat();
    },
  });
  const stop = () => {
    console.error(tallyLine('kafkajs'));
    void Promise.all([consumer.disconnect(), producer.disconnect()]).finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
