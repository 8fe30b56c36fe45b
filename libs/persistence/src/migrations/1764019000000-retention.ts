import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * The ranges the retention pruner reads (retention-store.ts): the oldest deliveries by their time, and the messages
 * in (received_at, id) order, a walk that resumes after the last message it looked at. The second replaces the index
 * on received_at alone (what read that reads this one too), so inserts cost no more. Only indexes: on SQLite no
 * table is recreated, so the tally triggers stay (tally-triggers.ts).
 */
export class Retention1764019000000 implements MigrationInterface {
  name = 'Retention1764019000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex(
      'deliveries',
      new TableIndex({ name: 'IDX_deliveries_created_at', columnNames: ['created_at'] }),
    );
    await q.createIndex(
      'messages',
      new TableIndex({ name: 'IDX_messages_received_at_id', columnNames: ['received_at', 'id'] }),
    );
    await q.dropIndex('messages', 'IDX_messages_received_at');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.createIndex(
      'messages',
      new TableIndex({ name: 'IDX_messages_received_at', columnNames: ['received_at'] }),
    );
    await q.dropIndex('messages', 'IDX_messages_received_at_id');
    await q.dropIndex('deliveries', 'IDX_deliveries_created_at');
  }
}
