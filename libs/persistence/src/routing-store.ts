import { DataSource, EntityManager, In, ObjectLiteral } from 'typeorm';
import { ConsignmentEntity } from './entities/consignment.entity';
import { DeadLetterEntity } from './entities/dead-letter.entity';
import { DeliveryEntity } from './entities/delivery.entity';
import { MessageEntity } from './entities/message.entity';

/** Rows per statement: keeps SQLite under its bound-parameter limit and PostgreSQL statements small. */
const CHUNK = 200;

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
      await this.upsert(m, MessageEntity, w.messages, ['id']);
      await this.upsert(m, ConsignmentEntity, w.consignments, ['ref']);
      await this.insertNew(m, DeliveryEntity, w.deliveries);
      await this.insertNew(m, DeadLetterEntity, w.deadLetters);
    });
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
