import { randomBytes } from 'node:crypto';
import { Consumer, Kafka } from 'kafkajs';
import { testKafka } from './kafka-client';
import { waitFor } from './wait';

export interface ReadRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string;
  headers: Record<string, string>;
  json: Record<string, unknown>;
}

/**
 * Reads topics from the beginning as a participant would: its own consumer group, `read_committed`, so only
 * committed transactions are seen. Tests wait on it for facts (`waitForCount`) instead of sleeping.
 */
export class TopicReader {
  readonly records: ReadRecord[] = [];
  private constructor(private readonly consumer: Consumer) {}

  /** `kafka`: the test broker's by default; a test that runs a broker of its own passes a client of it. */
  static async open(topics: string[], kafka: Kafka = testKafka('cx-test-reader')): Promise<TopicReader> {
    const admin = kafka.admin();
    await admin.connect();
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      await admin
        .createTopics({ topics: missing.map((topic) => ({ topic, numPartitions: 3 })), waitForLeaders: true })
        .catch(() => undefined);
    }
    await admin.disconnect();
    const consumer = kafka.consumer({
      groupId: `cx-test-${randomBytes(6).toString('hex')}`,
      readUncommitted: false,
    });
    const reader = new TopicReader(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const value = message.value?.toString('utf8') ?? '';
        let json: Record<string, unknown> = {};
        try {
          json = JSON.parse(value);
        } catch {
          // not JSON: a dead letter, say; `value` has it
        }
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {}))
          if (v !== undefined) headers[k] = String(v);
        reader.records.push({
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString('utf8') ?? null,
          value,
          headers,
          json,
        });
      },
    });
    return reader;
  }

  on(topic: string): ReadRecord[] {
    return this.records.filter((r) => r.topic === topic);
  }

  async waitFor(
    predicate: (records: ReadRecord[]) => boolean,
    what: string,
    timeoutMs = 60_000,
  ): Promise<void> {
    await waitFor(() => predicate(this.records), { timeoutMs, what });
  }

  close(): Promise<void> {
    return this.consumer.disconnect();
  }
}
