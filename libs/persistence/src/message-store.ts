import { DataSource, In } from 'typeorm';
import { bulkInsert } from './bulk-write';
import { MessageEntity } from './entities/message.entity';

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

  /** A consignment's routed messages in the order the exchange received them (acks left out). */
  timeline(consignmentRef: string): Promise<MessageEntity[]> {
    return this.repo
      .createQueryBuilder('m')
      .select(['m.id', 'm.type', 'm.sender', 'm.receivedAt'])
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

  /** Inserts rows whose id is new; an existing row (a replay, or one the router wrote first) is kept as it is. */
  async insertNew(rows: MessageEntity[]): Promise<void> {
    if (rows.length === 0) return;
    await bulkInsert(this.ds.manager, MessageEntity, rows, { ignore: true });
  }
}
