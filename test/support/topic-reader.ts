import { randomBytes } from 'node:crypto';
import { Consumer } from 'kafkajs';
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
  /**
   * Positions read: a record read again (kafkajs resumes from its last committed offset after it rejoins its group,
   * as it does when a broker of a cluster dies) is the same record, not a second copy in the topic.
   */
  private readonly positions = new Set<string>();
  private constructor(private readonly consumer: Consumer) {}

  static async open(topics: string[]): Promise<TopicReader> {
    const kafka = testKafka('cx-test-reader');
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
        const position = `${topic}\u0000${partition}\u0000${message.offset}`;
        if (reader.positions.has(position)) return;
        reader.positions.add(position);
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
