import { DataSource, SelectQueryBuilder } from 'typeorm';
import type { DeliveryFilter } from '@cx/inbox';
import { DeliveryEntity } from './entities/delivery.entity';
import { MessageEntity } from './entities/message.entity';

/** One delivery of a participant's inbox, with the envelope exactly as it was sent. */
export interface InboxItem {
  seq: number;
  messageId: string;
  type: string;
  consignmentRef: string;
  envelope: string;
  /** The sender's JWS over `envelope`, and the exchange's receipt (libs/evidence), when there are. */
  jws: string | null;
  receipt: string | null;
  /** SHA-256 of the signed EDIFACT interchange `jws` covers instead of `envelope`, when the message came in one. */
  interchange: string | null;
}

/**
 * Reads participants' inboxes: their deliveries in `seq` order. Paging by `seq > after` is gap-free only because
 * delivery rows become visible in seq order; PipelineStore.write guarantees that (see there).
 */
export class InboxStore {
  constructor(private readonly ds: DataSource) {}

  async page(
    participantId: string,
    afterSeq: number,
    limit: number,
    filter: DeliveryFilter,
  ): Promise<InboxItem[]> {
    const q = this.ds
      .getRepository(DeliveryEntity)
      .createQueryBuilder('d')
      .innerJoin(MessageEntity, 'm', 'm.id = d.message_id')
      .select(['d.seq AS seq', 'd.message_id AS "messageId"', 'd.type AS type'])
      .addSelect(['d.consignment_ref AS "consignmentRef"', 'm.envelope AS envelope'])
      .addSelect(['m.jws AS jws', 'm.receipt AS receipt', 'm.interchange AS interchange'])
      .where('d.participant_id = :participantId AND d.seq > :afterSeq', { participantId, afterSeq });
    this.applyFilter(q, filter);
    const rows: InboxItem[] = await q.orderBy('d.seq', 'ASC').limit(limit).getRawMany();
    return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
  }

  /** The seq of the participant's latest delivery (0 when none): where a new subscription starts. */
  async lastSeq(participantId: string): Promise<number> {
    const row = await this.ds
      .getRepository(DeliveryEntity)
      .createQueryBuilder('d')
      .select('MAX(d.seq)', 'max')
      .where('d.participant_id = :participantId', { participantId })
      .getRawOne<{ max: number | string | null }>();
    return Number(row?.max ?? 0);
  }

  /**
   * The latest seq of every participant with a delivery after `afterSeq`: what the watcher wakes readers with, every
   * poll. It must read only the deliveries after `afterSeq`, a range of the primary key: grouped directly, SQLite walks
   * the whole (participant_id, seq) index instead, for its order, a cost that grows with history. The ordered
   * subquery keeps it on the key (test/query-plans.e2e-spec.ts checks the plan on both databases). The range is closed
   * by the latest seq, which changes nothing (rows become visible in seq order) but keeps the key on PostgreSQL when
   * the table has no statistics (autovacuum off, or not run yet): it then takes an open range for a third of the
   * table, and read all history every poll; a closed one it takes for a small share.
   */
  async advancedSince(afterSeq: number): Promise<Map<string, number>> {
    const rows = await this.ds
      .createQueryBuilder()
      .select(['g.participant_id AS "participantId"', 'MAX(g.seq) AS max'])
      .from(
        '(SELECT participant_id, seq FROM deliveries WHERE seq > :afterSeq AND seq <= (SELECT MAX(seq) FROM deliveries) ORDER BY seq)',
        'g',
      )
      .setParameters({ afterSeq })
      .groupBy('g.participant_id')
      .getRawMany<{ participantId: string; max: number | string }>();
    return new Map(rows.map((r) => [r.participantId, Number(r.max)]));
  }

  async globalLastSeq(): Promise<number> {
    const row = await this.ds
      .getRepository(DeliveryEntity)
      .createQueryBuilder('d')
      .select('MAX(d.seq)', 'max')
      .getRawOne<{ max: number | string | null }>();
    return Number(row?.max ?? 0);
  }

  private applyFilter(q: SelectQueryBuilder<DeliveryEntity>, filter: DeliveryFilter): void {
    if (filter.types) q.andWhere('d.type IN (:...types)', { types: filter.types });
    if (filter.consignmentRef !== undefined)
      q.andWhere('d.consignment_ref = :ref', { ref: filter.consignmentRef });
  }
}
