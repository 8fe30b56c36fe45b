import { DataSource, EntityManager, In, ObjectLiteral } from 'typeorm';
import { ConsignmentEntity } from './entities/consignment.entity';
import { DeadLetterEntity } from './entities/dead-letter.entity';
import { DeliveryEntity } from './entities/delivery.entity';
import { MessageEntity } from './entities/message.entity';

/** Rows per statement: keeps SQLite under its bound-parameter limit and PostgreSQL statements small. */
const CHUNK = 200;
/** Any constant; the same in every process that inserts deliveries. */
const DELIVERIES_LOCK = 61_347_002;

/** Everything one pipeline batch writes, committed in one database transaction. */
export interface PipelineWrites {
  messages: MessageEntity[];
  deliveries: Array<Omit<DeliveryEntity, 'seq'>>;
  consignments: ConsignmentEntity[];
  deadLetters: DeadLetterEntity[];
}

export function emptyWrites(): PipelineWrites {
  return { messages: [], deliveries: [], consignments: [], deadLetters: [] };
}

function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

/**
 * The validator's and router's reads and writes. Writes are idempotent (upserts, insert-or-ignore), because a batch
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

  async write(w: PipelineWrites): Promise<void> {
    if (w.messages.length + w.deliveries.length + w.consignments.length + w.deadLetters.length === 0) return;
    await this.ds.transaction(async (m) => {
      if (w.deliveries.length > 0) await this.serialiseDeliveries(m);
      await this.upsert(m, MessageEntity, w.messages, ['id']);
      await this.upsert(m, ConsignmentEntity, w.consignments, ['ref']);
      await this.insertNew(m, DeliveryEntity, w.deliveries);
      await this.insertNew(m, DeadLetterEntity, w.deadLetters);
    });
  }

  /**
   * Readers page through an inbox by `seq > cursor`, so delivery rows must become visible in seq order. On PostgreSQL
   * a serial seq does not guarantee that: two transactions draw 9 and 10, 10 commits first, a reader pages past 10
   * and never sees 9. A transaction-scoped advisory lock makes the transactions that insert deliveries take turns
   * (seqs drawn after acquiring it, released at commit), so seq order is commit order. It costs one lock per routed
   * batch, not per message, and leaves the messages and other tables unserialised for other writers. SQLite
   * serialises every writer already.
   */
  private async serialiseDeliveries(m: EntityManager): Promise<void> {
    if (this.ds.options.type === 'postgres')
      await m.query('SELECT pg_advisory_xact_lock($1)', [DELIVERIES_LOCK]);
  }

  private async upsert<T extends ObjectLiteral>(
    m: EntityManager,
    entity: new () => T,
    rows: T[],
    key: string[],
  ) {
    for (const part of chunks(rows)) await m.getRepository(entity).upsert(part as never[], key);
  }

  private async insertNew<T extends ObjectLiteral>(m: EntityManager, entity: new () => T, rows: unknown[]) {
    for (const part of chunks(rows)) {
      await m
        .createQueryBuilder()
        .insert()
        .into(entity)
        .values(part as never[])
        .orIgnore()
        .execute();
    }
  }
}
