/**
 * The client spike (issue 18): one fan-out baseline stage as bench/fanout/stage.ts runs it, on node-rdkafka
 * (librdkafka) instead of kafkajs. The same records (the same `relay` and `fanOut` builders), the same
 * read_committed consume and one transaction per batch with its offsets, at most 1,000 records consumed a
 * transaction, so that the two stages differ only in the client. node-rdkafka is not a dependency of the exchange:
 * `npm run bench:spike:install` builds it (librdkafka from the sources in its npm package, with the system's OpenSSL
 * and zlib; no download) into bench/spike/.
 */
import * as path from 'node:path';
import { DERIVED_MAX_MESSAGE_BYTES } from '../../libs/kafka/src/topics';
import { config, fanOut, relay, StageRecord, tally, tallyLine } from './stage-records';

/** The few parts of node-rdkafka's API the stage uses (the module is loaded at run time, not type-checked). */
interface RdMessage {
  topic: string;
  partition: number;
  offset: number;
  key?: Buffer | string | null;
  value: Buffer | null;
  headers?: Array<Record<string, Buffer | string>>;
}
type Callback<T = void> = (err: Error | null, value: T) => void;
interface RdConsumer {
  connect(options: object, cb: Callback): void;
  subscribe(topics: string[]): void;
  consume(n: number, cb: Callback<RdMessage[]>): void;
  setDefaultConsumeTimeout(ms: number): void;
  on(event: string, listener: (...args: unknown[]) => void): void;
  disconnect(cb: Callback): void;
}
interface RdProducer {
  connect(options: object, cb: Callback): void;
  initTransactions(timeout: number, cb: Callback): void;
  beginTransaction(cb: Callback): void;
  produce(
    topic: string,
    partition: null,
    value: Buffer,
    key: string | null,
    timestamp: number,
    opaque: null,
    headers: Array<Record<string, string>>,
  ): void;
  sendOffsetsToTransaction(
    offsets: Array<{ topic: string; partition: number; offset: number }>,
    consumer: RdConsumer,
    timeout: number,
    cb: Callback,
  ): void;
  commitTransaction(timeout: number, cb: Callback): void;
  abortTransaction(timeout: number, cb: Callback): void;
  disconnect(cb: Callback): void;
}
interface RdKafka {
  KafkaConsumer: new (global: object, topic: object) => RdConsumer;
  Producer: new (global: object) => RdProducer;
}

const rdkafka = require(path.join(__dirname, '..', 'spike', 'node_modules', 'node-rdkafka')) as RdKafka;

const call = <T = void>(f: (cb: Callback<T>) => void) =>
  new Promise<T>((resolve, reject) => f((err, value) => (err ? reject(err) : resolve(value))));

/** librdkafka's settings for the broker's address and the stage's SCRAM credential. */
function common(): Record<string, string | number | boolean> {
  const sasl = config.sasl;
  return {
    'metadata.broker.list': config.brokers.join(','),
    'client.id': `bench-${config.kind}-rdkafka`,
    ...(sasl
      ? {
          'security.protocol': 'sasl_plaintext',
          'sasl.mechanisms': sasl.mechanism.toUpperCase(),
          'sasl.username': sasl.username,
          'sasl.password': sasl.password,
        }
      : {}),
  };
}

const TRANSACTION_RECORDS = 1000;

async function main(): Promise<void> {
  const groupId = `bench-${config.kind}-rdkafka-${config.run}`;
  const producer = new rdkafka.Producer({
    ...common(),
    'transactional.id': groupId,
    // kafkajs' DefaultPartitioner is Java's (murmur2 of the key): the same partitions as the kafkajs stage.
    partitioner: 'murmur2_random',
    'queue.buffering.max.messages': 100_000,
    'linger.ms': 1,
  });
  await call((cb) => producer.connect({}, cb));
  await call((cb) => producer.initTransactions(30_000, cb));
  const consumer = new rdkafka.KafkaConsumer(
    {
      ...common(),
      'group.id': groupId,
      'enable.auto.commit': false,
      'isolation.level': 'read_committed',
      'max.partition.fetch.bytes': DERIVED_MAX_MESSAGE_BYTES,
      'fetch.wait.max.ms': 250,
      // Assignments applied by node-rdkafka itself, and each one emitted as a 'rebalance' event.
      rebalance_cb: true,
    },
    { 'auto.offset.reset': 'earliest' },
  );
  let ready = false;
  consumer.on('rebalance', (err) => {
    // Ready once partitions are assigned: the load must not wait for the join.
    if ((err as { code?: number } | null)?.code === -175 && !ready) {
      ready = true;
      process.send?.('ready');
    }
  });
  await call((cb) => consumer.connect({}, cb));
  consumer.subscribe([config.from]);
  // A batch is what arrived: the first record waited for up to this long, each next one too.
  consumer.setDefaultConsumeTimeout(20);
  let stopping = false;
  process.on('SIGTERM', () => {
    console.error(tallyLine('rdkafka'));
    stopping = true;
  });
  while (!stopping) {
    const messages = await call<RdMessage[]>((cb) => consumer.consume(TRANSACTION_RECORDS, cb));
    if (messages.length === 0) continue;
    const now = new Date();
    const last = new Map<string, { topic: string; partition: number; offset: number }>();
    await call((cb) => producer.beginTransaction(cb));
    try {
      for (const m of messages) {
        const record: StageRecord = {
          key: m.key == null ? null : m.key.toString(),
          value: m.value ?? Buffer.alloc(0),
          headers: Object.fromEntries(
            (m.headers ?? []).flatMap((h) => Object.entries(h)).map(([k, v]) => [k, String(v)]),
          ),
        };
        for (const out of config.kind === 'relay' ? relay(record) : fanOut(record, now))
          producer.produce(
            out.topic,
            null,
            Buffer.isBuffer(out.value) ? out.value : Buffer.from(out.value),
            out.key,
            now.getTime(),
            null,
            Object.entries(out.headers ?? {}).map(([k, v]) => ({ [k]: v })),
          );
        last.set(`${m.topic}:${m.partition}`, {
          topic: m.topic,
          partition: m.partition,
          offset: m.offset + 1,
        });
      }
      await call((cb) => producer.sendOffsetsToTransaction([...last.values()], consumer, 30_000, cb));
      await call((cb) => producer.commitTransaction(30_000, cb));
      tally.transactions += 1;
      tally.records += messages.length;
    } catch (err) {
      console.error(`bench ${config.kind} stage (rdkafka): transaction failed (${(err as Error).message})`);
      await call((cb) => producer.abortTransaction(30_000, cb)).catch(() => undefined);
      throw err;
    }
  }
  await Promise.all([call((cb) => consumer.disconnect(cb)), call((cb) => producer.disconnect(cb))]);
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
