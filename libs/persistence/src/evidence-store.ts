import type { ChainEntry, ChainEntryBody } from '@cx/evidence';
import { Between, DataSource, MoreThanOrEqual } from 'typeorm';
import { bulkInsert } from './bulk-write';
import { ChainEntryEntity } from './entities/chain-entry.entity';
import { ChainHeadEntity } from './entities/chain-head.entity';
import { MessageEntity } from './entities/message.entity';

/** What an evidence bundle is built from: a consignment's routed messages, and the chain's segments that hold them. */
export class EvidenceStore {
  constructor(private readonly ds: DataSource) {}

  /** The routed messages (acks included) of a consignment. */
  messages(consignmentRef: string): Promise<MessageEntity[]> {
    return this.ds.getRepository(MessageEntity).find({
      where: { consignmentRef, status: 'routed' },
      order: { receivedAt: 'ASC', id: 'ASC' },
    });
  }

  /** The seqs of the consignment's entries, ascending. */
  async entriesOf(consignmentRef: string): Promise<number[]> {
    const rows = await this.ds.getRepository(ChainEntryEntity).find({
      select: { seq: true },
      where: { consignmentRef },
      order: { seq: 'ASC' },
    });
    return rows.map((r) => r.seq);
  }

  /** Entries `from` to `to` (to the end when `to` is absent), in order. */
  async entries(from: number, to?: number): Promise<ChainEntry[]> {
    const rows = await this.ds.getRepository(ChainEntryEntity).find({
      where: { seq: to === undefined ? MoreThanOrEqual(from) : Between(from, to) },
      order: { seq: 'ASC' },
    });
    return rows.map((r) => ({
      seq: r.seq,
      prevHash: r.prevHash,
      bodyHash: r.bodyHash,
      hash: r.hash,
      body: JSON.parse(r.body) as ChainEntryBody,
    }));
  }

  /** The last entry's seq and hash, and the seq of the last head signed (0 when none). */
  async heads(): Promise<{ last?: { seq: number; hash: string }; signedSeq: number }> {
    const [last] = await this.ds
      .getRepository(ChainEntryEntity)
      .find({ select: { seq: true, hash: true }, order: { seq: 'DESC' }, take: 1 });
    const [signed] = await this.ds
      .getRepository(ChainHeadEntity)
      .find({ select: { seq: true }, order: { seq: 'DESC' }, take: 1 });
    return { last, signedSeq: signed?.seq ?? 0 };
  }

  /** Records a signed head; the same seq signed twice (two routers) keeps the first. */
  async addHead(seq: number, jws: string): Promise<void> {
    await bulkInsert(this.ds.manager, ChainHeadEntity, [{ seq, jws }], 'ignore');
  }

  /** The first head signed at or after entry `seq`: the nearest one to vouch for it. */
  async headFrom(seq: number): Promise<{ seq: number; jws: string } | undefined> {
    const [head] = await this.ds
      .getRepository(ChainHeadEntity)
      .find({ where: { seq: MoreThanOrEqual(seq) }, order: { seq: 'ASC' }, take: 1 });
    return head ? { seq: head.seq, jws: head.jws } : undefined;
  }
}
