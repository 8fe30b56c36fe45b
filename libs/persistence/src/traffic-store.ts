import { DataSource } from 'typeorm';
import { DeadLetterEntity } from './entities/dead-letter.entity';
import { DeliveryEntity } from './entities/delivery.entity';
import { MessageEntity } from './entities/message.entity';

/** Rows of the recent window read at most: keeps a stats call bounded however busy the corridor is. */
export const WINDOW_ROW_LIMIT = 50_000;

export interface WindowRow {
  type: string;
  status: string;
  receivedAt: string;
  routedAt: string | null;
  errors: Array<{ rule: string }> | null;
}

/** Last time a participant sent a message, and last time one was delivered to it. */
export interface Activity {
  lastSentAt: Map<string, string>;
  lastDeliveredAt: Map<string, string>;
}

/** The reads behind `GET /v1/admin/stats`: grouped counts in SQL, the recent window as rows (aggregated in libs/traffic). */
export class TrafficStore {
  constructor(private readonly ds: DataSource) {}

  /** Messages (acks left out) by type and outcome, over all time. */
  outcomeCounts(): Promise<Array<{ type: string; outcome: string; count: string | number }>> {
    return this.ds
      .getRepository(MessageEntity)
      .createQueryBuilder('m')
      .select('m.type', 'type')
      .addSelect('m.status', 'outcome')
      .addSelect('COUNT(*)', 'count')
      .where('m.type <> :ack', { ack: 'ack' })
      .groupBy('m.type')
      .addGroupBy('m.status')
      .getRawMany();
  }

  async count(table: 'acks' | 'deadLetters'): Promise<number> {
    if (table === 'deadLetters') return this.ds.getRepository(DeadLetterEntity).count();
    return this.ds.getRepository(MessageEntity).countBy({ type: 'ack' });
  }

  /** Messages received since `since` (acks left out), newest first, at most WINDOW_ROW_LIMIT. */
  async window(since: Date): Promise<WindowRow[]> {
    const rows = await this.ds
      .getRepository(MessageEntity)
      .createQueryBuilder('m')
      .select(['m.type', 'm.status', 'm.receivedAt', 'm.routedAt', 'm.errors'])
      .where('m.received_at >= :since AND m.type <> :ack', { since: since.toISOString(), ack: 'ack' })
      .orderBy('m.received_at', 'DESC')
      .limit(WINDOW_ROW_LIMIT)
      .getMany();
    return rows.map(({ type, status, receivedAt, routedAt, errors }) => ({
      type,
      status,
      receivedAt,
      routedAt,
      errors,
    }));
  }

  async activity(): Promise<Activity> {
    const sent: Array<{ id: string; at: string }> = await this.ds
      .getRepository(MessageEntity)
      .createQueryBuilder('m')
      .select('m.sender', 'id')
      .addSelect('MAX(m.received_at)', 'at')
      .groupBy('m.sender')
      .getRawMany();
    const delivered: Array<{ id: string; at: string }> = await this.ds
      .getRepository(DeliveryEntity)
      .createQueryBuilder('d')
      .select('d.participant_id', 'id')
      .addSelect('MAX(d.created_at)', 'at')
      .groupBy('d.participant_id')
      .getRawMany();
    return {
      lastSentAt: new Map(sent.map((r) => [r.id, r.at])),
      lastDeliveredAt: new Map(delivered.map((r) => [r.id, r.at])),
    };
  }

  /** Round trip of a trivial query, in milliseconds. */
  async ping(): Promise<number> {
    const started = Date.now();
    await this.ds.query('SELECT 1');
    return Date.now() - started;
  }
}
