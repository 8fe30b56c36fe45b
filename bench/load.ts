import { Kafka, Partitioners } from 'kafkajs';
import { call, Envelope } from '../test/support/corridor';
import type { Exchange } from '../test/support/exchange';

const BATCH = 500;

/** (a): the messages through POST /v1/messages/batch, 500 at a time, one sender a request. */
export async function sendHttp(
  x: Exchange,
  keys: Record<string, string>,
  messages: Envelope[],
): Promise<void> {
  for (let i = 0; i < messages.length; i += BATCH) {
    const chunk = messages.slice(i, i + BATCH);
    for (const sender of new Set(chunk.map((m) => m.sender))) {
      const mine = chunk.filter((m) => m.sender === sender);
      const res = await call(x, 'POST', '/v1/messages/batch', keys[sender], mine);
      if (res.status !== 200) throw new Error(`batch answered ${res.status}`);
    }
  }
}

/** (b): the messages produced to cx.inbound (as the exchange's super user), 500 a request. */
export async function sendKafka(kafka: Kafka, topic: string, messages: Envelope[]): Promise<void> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  for (let i = 0; i < messages.length; i += BATCH) {
    await producer.send({
      topic,
      acks: -1,
      messages: messages
        .slice(i, i + BATCH)
        .map((m) => ({ key: m.consignmentRef, value: JSON.stringify(m) })),
    });
  }
  await producer.disconnect();
}
