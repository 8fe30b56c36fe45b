import { Injectable } from '@nestjs/common';
import { KafkaAdmin } from './kafka-admin';

/**
 * The topics this process knows exist. Delivery topics appear with participants, and a transaction that writes to a
 * missing topic fails: every topic written to is made sure of before the transaction, asking the broker only once.
 */
@Injectable()
export class TopicCache {
  private readonly known = new Set<string>();

  constructor(private readonly kafka: KafkaAdmin) {}

  async ensureFor(records: ReadonlyArray<{ topic: string }>): Promise<void> {
    const missing = [...new Set(records.map((r) => r.topic))].filter((t) => !this.known.has(t));
    if (missing.length === 0) return;
    await this.kafka.ensure(missing);
    for (const t of missing) this.known.add(t);
  }
}
