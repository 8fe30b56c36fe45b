import { randomUUID } from 'node:crypto';
import { Kafka, Partitioners } from 'kafkajs';

const BATCH = 500;

/**
 * The raw baseline: kafkajs producing the values to one topic (500 a request, acks=all) and a consumer reading them
 * back; one record a message, no transaction, no processing. Messages a second.
 */
export async function rawBaseline(kafka: Kafka, values: string[]): Promise<number> {
  const topic = `bench.baseline.${randomUUID().slice(0, 8)}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  const consumer = kafka.consumer({ groupId: `bench-${randomUUID()}` });
  await Promise.all([producer.connect(), consumer.connect()]);
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  let done!: () => void;
  const all = new Promise<void>((resolve) => (done = resolve));
  await consumer.run({
    eachBatch: async ({ batch }) => void ((seen += batch.messages.length) >= values.length && done()),
  });
  const start = Date.now();
  for (let i = 0; i < values.length; i += BATCH) {
    await producer.send({
      topic,
      acks: -1,
      messages: values.slice(i, i + BATCH).map((value, j) => ({ key: String(i + j), value })),
    });
  }
  await all;
  const ms = Date.now() - start;
  await Promise.all([producer.disconnect(), consumer.disconnect()]);
  return Math.round((values.length / ms) * 1000);
}
