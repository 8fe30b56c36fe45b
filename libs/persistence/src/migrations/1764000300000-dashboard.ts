import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';

/**
 * What the admin dashboard measures and repairs: when the router routed a message (pipeline latency), and how often a
 * dead letter was replayed and which dead letter a record replayed (so a replay that fails again is traceable).
 */
export class Dashboard1764000300000 implements MigrationInterface {
  name = 'Dashboard1764000300000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn(
      'messages',
      new TableColumn({ name: 'routed_at', type: 'varchar', length: '24', isNullable: true }),
    );
    await q.addColumn(
      'dead_letters',
      new TableColumn({ name: 'replay_count', type: 'integer', default: 0, isNullable: false }),
    );
    await q.addColumn(
      'dead_letters',
      new TableColumn({ name: 'replay_of', type: 'varchar', length: '200', isNullable: true }),
    );
    await q.createIndex(
      'messages',
      new TableIndex({ name: 'IDX_messages_type_received_at', columnNames: ['type', 'received_at'] }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('messages', 'IDX_messages_type_received_at');
    await q.dropColumn('dead_letters', 'replay_of');
    await q.dropColumn('dead_letters', 'replay_count');
    await q.dropColumn('messages', 'routed_at');
  }
}
