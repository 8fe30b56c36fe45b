import { DataSource, In } from 'typeorm';
import { bulkInsert } from './bulk-write';
import { DeliveryEntity } from './entities/delivery.entity';
import { MessageEntity, MessageStatus } from './entities/message.entity';

/**
 * A search counts its matches up to here and then says "more": counting every match of a broad search (a year's
 * messages) would read them all, for a figure nobody pages through.
 */
export const SEARCH_COUNT_CAP = 10_000;

/** What an admin may search messages by; every given criterion must match. */
export interface MessageSearch {
  id?: string;
  consignmentRef?: string;
  sender?: string;
  type?: string;
  status?: MessageStatus;
  /** ISO 8601 instants, inclusive `from`, exclusive `to`, on receivedAt. */
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

/** The messages table as the apps use it: look-ups by id for idempotency and visibility, and bulk writes. */
export class MessageStore {
  constructor(private readonly ds: DataSource) {}

  private get repo() {
    return this.ds.getRepository(MessageEntity);
  }

  async findByIds(ids: string[]): Promise<Map<string, MessageEntity>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await this.repo.find({ where: { id: In(unique) } });
    return new Map(rows.map((r) => [r.id, r]));
  }

  findOne(id: string): Promise<MessageEntity | null> {
    return this.repo.findOneBy({ id });
  }

  /** The routed correction or cancellation that replaced message `id`, if any. */
  replacementOf(id: string): Promise<MessageEntity | null> {
    return this.repo.findOne({ select: ['id', 'type'], where: { supersedes: id, status: 'routed' } });
  }

  /** A consignment's routed messages in the order the exchange received them (acks left out). */
  timeline(consignmentRef: string): Promise<MessageEntity[]> {
    return this.repo
      .createQueryBuilder('m')
      .select(['m.id', 'm.type', 'm.sender', 'm.receivedAt', 'm.supersedes'])
      .where('m.consignment_ref = :ref AND m.status = :status AND m.type <> :ack', {
        ref: consignmentRef,
        status: 'routed',
        ack: 'ack',
      })
      .orderBy('m.received_at', 'ASC')
      .addOrderBy('m.id', 'ASC')
      .limit(10_000)
      .getMany();
  }

  /**
   * Messages matching every given criterion, newest first. Acks are left out unless asked for by type or id: each
   * message has one, and they would crowd the list.
   */
  async search(c: MessageSearch): Promise<{ items: MessageEntity[]; total: number; totalCapped: boolean }> {
    const q = this.repo.createQueryBuilder('m');
    const exact = {
      id: 'm.id',
      consignmentRef: 'm.consignment_ref',
      sender: 'm.sender',
      type: 'm.type',
    } as const;
    for (const [key, column] of Object.entries(exact)) {
      const value = c[key as keyof typeof exact];
      if (value !== undefined) q.andWhere(`${column} = :${key}`, { [key]: value });
    }
    if (c.type === undefined && c.id === undefined) q.andWhere('m.type <> :ack', { ack: 'ack' });
    if (c.status !== undefined) q.andWhere('m.status = :status', { status: c.status });
    if (c.from !== undefined) q.andWhere('m.received_at >= :from', { from: c.from });
    if (c.to !== undefined) q.andWhere('m.received_at < :to', { to: c.to });
    const counted = q
      .clone()
      .select('1')
      .limit(SEARCH_COUNT_CAP + 1);
    const [items, row] = await Promise.all([
      q.orderBy('m.received_at', 'DESC').addOrderBy('m.id', 'ASC').limit(c.limit).offset(c.offset).getMany(),
      this.ds
        .createQueryBuilder()
        .select('COUNT(*)', 'n')
        .from(`(${counted.getQuery()})`, 'c')
        .setParameters(counted.getParameters())
        .getRawOne<{ n: string | number }>(),
    ]);
    const total = Number(row?.n ?? 0);
    return { items, total: Math.min(total, SEARCH_COUNT_CAP), totalCapped: total > SEARCH_COUNT_CAP };
  }

  /** Where a message was delivered, in delivery order. */
  deliveries(messageId: string): Promise<DeliveryEntity[]> {
    return this.ds
      .getRepository(DeliveryEntity)
      .find({ where: { messageId }, order: { seq: 'ASC' }, take: 1000 });
  }

  /** The acks the exchange sent about a message. */
  acksOf(messageId: string): Promise<MessageEntity[]> {
    return this.repo.find({
      where: { type: 'ack', correlationId: messageId },
      order: { receivedAt: 'ASC' },
      take: 10,
    });
  }

  /** Inserts rows whose id is new; an existing row (a replay, or one the router wrote first) is kept as it is. */
  async insertNew(rows: MessageEntity[]): Promise<void> {
    if (rows.length === 0) return;
    await bulkInsert(this.ds.manager, MessageEntity, rows, 'ignore');
  }
}
