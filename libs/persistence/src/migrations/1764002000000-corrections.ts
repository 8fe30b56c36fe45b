import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';

/**
 * Messages record which message they replace (a correction's `supersedes`, a cancellation's `payload.cancels`), indexed
 * so that a message's replacement is found by its id. Messages before standard 1.2 replace none.
 */
export class Corrections1764002000000 implements MigrationInterface {
  name = 'Corrections1764002000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn(
      'messages',
      new TableColumn({ name: 'supersedes', type: 'varchar', length: '36', isNullable: true }),
    );
    await q.createIndex(
      'messages',
      new TableIndex({ name: 'IDX_messages_supersedes', columnNames: ['supersedes'] }),
    );
    await q.createIndex(
      'messages',
      new TableIndex({ name: 'IDX_messages_correlation_id', columnNames: ['correlation_id'] }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('messages', 'IDX_messages_correlation_id');
    await q.dropIndex('messages', 'IDX_messages_supersedes');
    await q.dropColumn('messages', 'supersedes');
  }
}
