import type { ChainEntry, ChainEntryBody } from '@cx/evidence';
import { DataSource, MoreThanOrEqual } from 'typeorm';
import { ChainEntryEntity } from './entities/chain-entry.entity';
import { MessageEntity } from './entities/message.entity';

/** What an evidence bundle is built from: a consignment's routed messages and the chain from its first entry on. */
export class EvidenceStore {
  constructor(private readonly ds: DataSource) {}

  /** The routed messages (acks included) of a consignment. */
  messages(consignmentRef: string): Promise<MessageEntity[]> {
    return this.ds.getRepository(MessageEntity).find({
      where: { consignmentRef, status: 'routed' },
      order: { receivedAt: 'ASC', id: 'ASC' },
    });
  }

  /** The chain from the consignment's first entry to the head (empty when it has none). */
  async chainFrom(consignmentRef: string): Promise<ChainEntry[]> {
    const repo = this.ds.getRepository(ChainEntryEntity);
    const [first] = await repo.find({
      select: { seq: true },
      where: { consignmentRef },
      order: { seq: 'ASC' },
      take: 1,
    });
    if (!first) return [];
    const rows = await repo.find({ where: { seq: MoreThanOrEqual(first.seq) }, order: { seq: 'ASC' } });
    return rows.map((r) => ({
      seq: r.seq,
      prevHash: r.prevHash,
      bodyHash: r.bodyHash,
      hash: r.hash,
      body: JSON.parse(r.body) as ChainEntryBody,
    }));
  }
}
