import { DataSource, In } from 'typeorm';
import { bulkInsert } from './bulk-write';
import { ConsignmentEntity } from './entities/consignment.entity';
import { DeadLetterEntity } from './entities/dead-letter.entity';
import { DeliveryEntity } from './entities/delivery.entity';
import { MessageEntity } from './entities/message.entity';

/** A message row written again (a batch repeated after a crash) takes the newer values of all but its id. */
const MESSAGE_COLUMNS: Array<keyof MessageEntity & string> = [
  'type',
  'version',
  'sender',
  'consignmentRef',
  'status',
  'receivedAt',
  'contentHash',
  'envelope',
  'errors',
  'recipients',
  'correlationId',
  'routedFrom',
];

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
      await bulkInsert(m, MessageEntity, w.messages, { update: MESSAGE_COLUMNS });
      await bulkInsert(m, ConsignmentEntity, w.consignments, {
        update: ['parties', 'lastEvent', 'updatedAt'],
      });
      await bulkInsert(m, DeliveryEntity, w.deliveries, { ignore: true });
      await bulkInsert(m, DeadLetterEntity, w.deadLetters, { ignore: true });
    });
  }
}
