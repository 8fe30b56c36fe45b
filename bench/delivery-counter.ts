import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Consumer, Kafka, KafkaMessage, logLevel, SASLOptions } from 'kafkajs';

const recordBytes = (m: KafkaMessage) =>
  (m.key?.length ?? 0) +
  (m.value?.length ?? 0) +
  Object.entries(m.headers ?? {}).reduce((n, [k, v]) => n + k.length + String(v).length, 0);

/**
 * Reads every delivery topic (read_committed) and counts deliveries and acks, remembering when each message's last
 * delivery arrived. An ack is written in the same transaction as the message's deliveries, so once a message's ack
 * is visible, so are all its deliveries.
 */
export class DeliveryCounter {
  deliveries = 0;
  acks = 0;
  /** Bytes of the records read (key, value, header names and values): what a reader is sent. */
  bytes = 0;
  /** By message type (acks apart): the topics its deliveries went to and the receipt header of one of them. */
  readonly seen = new Map<string, { topics: Set<string>; receipt: string }>();
  private readonly acked = new Set<string>();
  private readonly lastAt = new Map<string, number>();

  private constructor(private readonly consumer: Consumer) {}

  static async open(brokers: string[], sasl: SASLOptions, topics: string[]): Promise<DeliveryCounter> {
    const kafka = new Kafka({ clientId: 'bench-counter', brokers, sasl, logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({
      groupId: `bench-${randomUUID()}`,
      readUncommitted: false,
      maxWaitTimeInMs: 50,
    });
    const counter = new DeliveryCounter(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: 4,
      eachBatch: async ({ batch }) => {
        const now = Date.now();
        for (const m of batch.messages) {
          counter.bytes += recordBytes(m);
          const type = m.headers?.ce_type?.toString();
          if (type === 'ack') {
            counter.acks += 1;
            const ackFor = JSON.parse(m.value!.toString()).payload.ackFor as string;
            counter.acked.add(ackFor);
            counter.lastAt.set(ackFor, Math.max(counter.lastAt.get(ackFor) ?? 0, now));
          } else {
            counter.deliveries += 1;
            counter.sawDelivery(type ?? '', batch.topic, m.headers?.['cx-receipt']?.toString() ?? '');
            const id = m.headers?.ce_id?.toString() ?? '';
            counter.lastAt.set(id, Math.max(counter.lastAt.get(id) ?? 0, now));
          }
        }
      },
    });
    return counter;
  }

  /** Waits until every id is acked; prints progress, and gives up after a minute without any. */
  async waitForAcks(ids: string[], stallMs = 60_000): Promise<void> {
    let done = 0;
    let progressAt = Date.now();
    let printedAt = Date.now();
    for (;;) {
      const now = ids.filter((id) => this.acked.has(id)).length;
      if (now === ids.length) return;
      if (now > done) [done, progressAt] = [now, Date.now()];
      if (Date.now() - progressAt > stallMs)
        throw new Error(`stalled: ${done}/${ids.length} acked, no progress for ${stallMs / 1000} s`);
      if (Date.now() - printedAt > 5000) {
        console.log(`    ${done}/${ids.length} acked`);
        printedAt = Date.now();
      }
      await sleep(50);
    }
  }

  private sawDelivery(type: string, topic: string, receipt: string): void {
    const seen = this.seen.get(type) ?? { topics: new Set<string>(), receipt };
    seen.topics.add(topic);
    this.seen.set(type, seen);
  }

  lastDeliveryAt(id: string): number {
    return this.lastAt.get(id) ?? Date.now();
  }

  close(): Promise<void> {
    return this.consumer.disconnect();
  }
}
