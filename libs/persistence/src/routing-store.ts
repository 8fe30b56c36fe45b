import type { StoredVersion } from '@cx/routing';
import { DataSource, EntityManager, In, IsNull, Not } from 'typeorm';
import { bulkInsert } from './bulk-write';
import { appendToChain } from './chain-append';
import { ConsignmentEntity } from './entities/consignment.entity';
import { SignedInterchangeEntity } from './entities/signed-interchange.entity';
import { DeadLetterEntity } from './entities/dead-letter.entity';
import { DeliveryEntity } from './entities/delivery.entity';
import { MessageEntity } from './entities/message.entity';
import { loadStoredVersions } from './stored-versions';

/** Any constant; the same in every process that inserts deliveries. */
const DELIVERIES_LOCK = 61_347_002;

/** Everything one pipeline batch writes, committed in one database transaction. */
export interface PipelineWrites {
  messages: MessageEntity[];
  deliveries: Array<Omit<DeliveryEntity, 'seq'>>;
  consignments: ConsignmentEntity[];
  deadLetters: DeadLetterEntity[];
  /** Signed EDIFACT interchanges the validator accepted messages from (the gateway keeps its own). */
  interchanges: SignedInterchangeEntity[];
}

export function emptyWrites(): PipelineWrites {
  return { messages: [], deliveries: [], consignments: [], deadLetters: [], interchanges: [] };
}

/**
 * The validator's and router's reads and writes. Writes are idempotent (guarded upserts, insert-or-ignore), because a batch
 * whose Kafka transaction was aborted by a crash is processed, and written, again.
 */
export class PipelineStore {
  constructor(private readonly ds: DataSource) {}

  async consignments(refs: string[]): Promise<Map<string, ConsignmentEntity>> {
    const unique = [...new Set(refs)];
    if (unique.length === 0) return new Map();
    const rows = await this.ds.getRepository(ConsignmentEntity).findBy({ ref: In(unique) });
    return new Map(rows.map((r) => [r.ref, r]));
  }

  /** The messages among `ids` as the router judges corrections and cancellations of them. */
  storedVersions(ids: string[]): Promise<Map<string, StoredVersion>> {
    return loadStoredVersions(this.ds, ids);
  }

  /** The current (routed, not replaced) consignment notes of `refs`, whose parties make a consignment's. */
  async currentNotes(refs: string[]): Promise<MessageEntity[]> {
    const unique = [...new Set(refs)];
    if (unique.length === 0) return [];
    const repo = this.ds.getRepository(MessageEntity);
    const [notes, replacing] = await Promise.all([
      repo.findBy({ consignmentRef: In(unique), type: 'consignment.note', status: 'routed' }),
      repo.find({
        select: ['id', 'supersedes'],
        where: { consignmentRef: In(unique), status: 'routed', supersedes: Not(IsNull()) },
      }),
    ]);
    const replaced = new Set(replacing.map((r) => r.supersedes));
    return notes.filter((n) => !replaced.has(n.id));
  }

  async write(w: PipelineWrites): Promise<void> {
    const rows = w.messages.length + w.deliveries.length + w.consignments.length + w.deadLetters.length;
    if (rows + w.interchanges.length === 0) return;
    const chained = w.messages.some((r) => r.status === 'routed');
    await this.ds.transaction(async (m) => {
      if (w.deliveries.length > 0 || chained) await this.serialiseDeliveries(m);
      // First writer wins: a stored message changes only into itself further along (accepted → routed, a batch
      // processed again); a row with the same id and other content, whoever sent it, is never overwritten.
      await bulkInsert(m, MessageEntity, w.messages, { updateIfSame: 'contentHash' });
      await bulkInsert(m, ConsignmentEntity, w.consignments, 'update');
      await bulkInsert(m, DeliveryEntity, w.deliveries, 'ignore');
      await bulkInsert(m, DeadLetterEntity, w.deadLetters, 'ignore');
      await bulkInsert(m, SignedInterchangeEntity, w.interchanges, 'ignore');
      // Last, after the inserts took SQLite's write lock: the head read here cannot move before commit.
      if (chained) await appendToChain(m, w.messages);
    });
  }

  /**
   * Readers page through an inbox by `seq > cursor`, so delivery rows must become visible in seq order. On PostgreSQL
   * a serial seq does not guarantee that: two transactions draw 9 and 10, 10 commits first, a reader pages past 10
   * and never sees 9. A transaction-scoped advisory lock makes the transactions that insert deliveries take turns
   * (seqs drawn after acquiring it, released at commit), so seq order is commit order. It costs one lock per routed
   * batch, not per message, and leaves the messages and other tables unserialised for other writers. The same turns
   * keep the evidence chain linear (chain-append.ts). SQLite serialises every writer already.
   */
  private async serialiseDeliveries(m: EntityManager): Promise<void> {
    if (this.ds.options.type === 'postgres')
      await m.query('SELECT pg_advisory_xact_lock($1)', [DELIVERIES_LOCK]);
  }
}
