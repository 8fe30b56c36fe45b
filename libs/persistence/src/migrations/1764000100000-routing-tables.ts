import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';

const timestamp = (name: string, nullable = false) => ({
  name,
  type: 'varchar',
  length: '24',
  isNullable: nullable,
});

/** Deliveries (inboxes), consignments (parties, last event), dead letters, and where a message was routed from. */
export class RoutingTables1764000100000 implements MigrationInterface {
  name = 'RoutingTables1764000100000';

  async up(q: QueryRunner): Promise<void> {
    // Where the router took the message from (`topic:partition:offset`): a replay of that same record after a crash
    // is delivered again (its first delivery was aborted), while a second record with the same id is a duplicate.
    await q.addColumn(
      'messages',
      new TableColumn({ name: 'routed_from', type: 'varchar', length: '200', isNullable: true }),
    );
    await q.createTable(
      new Table({
        name: 'deliveries',
        columns: [
          {
            name: 'seq',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'participant_id', type: 'varchar', length: '64' },
          { name: 'message_id', type: 'varchar', length: '36' },
          { name: 'type', type: 'varchar', length: '64' },
          { name: 'consignment_ref', type: 'varchar', length: '64' },
          timestamp('created_at'),
        ],
        indices: [
          {
            name: 'UQ_deliveries_participant_message',
            columnNames: ['participant_id', 'message_id'],
            isUnique: true,
          },
          { name: 'IDX_deliveries_participant_seq', columnNames: ['participant_id', 'seq'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'consignments',
        columns: [
          { name: 'ref', type: 'varchar', length: '64', isPrimary: true },
          { name: 'parties', type: 'text' },
          { name: 'last_event', type: 'text', isNullable: true },
          timestamp('updated_at'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'dead_letters',
        columns: [
          { name: 'id', type: 'varchar', length: '200', isPrimary: true },
          { name: 'reason', type: 'text' },
          { name: 'value', type: 'text' },
          { name: 'record_key', type: 'varchar', length: '256', isNullable: true },
          timestamp('received_at'),
          timestamp('replayed_at', true),
        ],
        indices: [{ name: 'IDX_dead_letters_received_at', columnNames: ['received_at'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('dead_letters');
    await q.dropTable('consignments');
    await q.dropTable('deliveries');
    await q.dropColumn('messages', 'routed_from');
  }
}
