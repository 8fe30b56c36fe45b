import { DataSource, In } from 'typeorm';
import { DeliveryEntity } from './entities/delivery.entity';
import { MessageEntity } from './entities/message.entity';
import type { BodyMark, BodyRow, RetentionTarget } from './retention';

/** A pruned body: the envelope column is blank; the row (metadata, signatures, receipt) stays. */
export const PRUNED_BODY = '';

export const isPruned = (m: Pick<MessageEntity, 'envelope'>): boolean => m.envelope === PRUNED_BODY;

/**
 * The pruner's batches (retention.ts), each one short statement over an index range: deliveries by
 * IDX_deliveries_created_at, then deleted by primary key; messages by IDX_messages_received_at_id. Neither touches
 * the tallies: a DELETE on deliveries has no trigger, and blanking a body changes no (type, status).
 */
export class RetentionStore implements RetentionTarget {
  constructor(private readonly ds: DataSource) {}

  async deleteDeliveries(cutoff: string, limit: number): Promise<number> {
    const rows = await this.ds
      .getRepository(DeliveryEntity)
      .createQueryBuilder('d')
      .select('d.seq', 'seq')
      .where('d.created_at < :cutoff', { cutoff })
      .orderBy('d.created_at', 'ASC')
      .limit(limit)
      .getRawMany<{ seq: number | string }>();
    if (rows.length === 0) return 0;
    const result = await this.ds
      .createQueryBuilder()
      .delete()
      .from(DeliveryEntity)
      .where({ seq: In(rows.map((r) => Number(r.seq))) })
      .execute();
    return result.affected ?? 0;
  }

  async scanBodies(cutoff: string, after: BodyMark | undefined, limit: number): Promise<BodyRow[]> {
    const q = this.ds
      .getRepository(MessageEntity)
      .createQueryBuilder('m')
      .select(['m.id AS id', 'm.received_at AS "receivedAt"', 'm.type AS type', 'm.status AS status'])
      .addSelect(`CASE WHEN m.envelope = '' THEN 1 ELSE 0 END`, 'blank')
      .addSelect(
        'CASE WHEN EXISTS (SELECT 1 FROM deliveries d WHERE d.message_id = m.id) THEN 1 ELSE 0 END',
        'delivered',
      )
      .addSelect(
        `CASE WHEN EXISTS (SELECT 1 FROM messages r WHERE r.supersedes = m.id AND r.status = 'routed') THEN 1 ELSE 0 END`,
        'replaced',
      )
      .where('m.received_at < :cutoff', { cutoff });
    if (after) q.andWhere('(m.received_at, m.id) > (:at, :id)', { at: after.receivedAt, id: after.id });
    const rows = await q
      .orderBy('m.received_at', 'ASC')
      .addOrderBy('m.id', 'ASC')
      .limit(limit)
      .getRawMany<Record<keyof BodyRow, string | number>>();
    return rows.map((r) => ({
      id: String(r.id),
      receivedAt: String(r.receivedAt),
      type: String(r.type),
      status: String(r.status),
      blank: Number(r.blank) === 1,
      delivered: Number(r.delivered) === 1,
      replaced: Number(r.replaced) === 1,
    }));
  }

  async blankBodies(ids: string[]): Promise<number> {
    const result = await this.ds
      .createQueryBuilder()
      .update(MessageEntity)
      .set({ envelope: PRUNED_BODY })
      .where({ id: In(ids) })
      .andWhere(`envelope <> ''`)
      .andWhere('NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.message_id = messages.id)')
      .execute();
    return result.affected ?? 0;
  }
}
