import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

const timestamp = (name: string, nullable = false) => ({
  name,
  type: 'varchar',
  length: '24',
  isNullable: nullable,
});

/** Participants, their API keys and received messages. Written with the Table API so it runs on PostgreSQL and SQLite. */
export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'participants',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'role', type: 'varchar', length: '16' },
          { name: 'country', type: 'varchar', length: '2' },
          { name: 'locations', type: 'text' },
          { name: 'active', type: 'boolean', default: true },
          timestamp('created_at'),
          timestamp('updated_at'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'api_keys',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'participant_id', type: 'varchar', length: '64' },
          { name: 'secret_hash', type: 'varchar', length: '255' },
          timestamp('created_at'),
          timestamp('revoked_at', true),
        ],
        foreignKeys: [
          {
            columnNames: ['participant_id'],
            referencedTableName: 'participants',
            referencedColumnNames: ['id'],
          },
        ],
        indices: [{ name: 'IDX_api_keys_participant', columnNames: ['participant_id'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'messages',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'type', type: 'varchar', length: '64' },
          { name: 'version', type: 'varchar', length: '16' },
          { name: 'sender', type: 'varchar', length: '64' },
          { name: 'consignment_ref', type: 'varchar', length: '64' },
          { name: 'status', type: 'varchar', length: '16' },
          timestamp('received_at'),
          { name: 'content_hash', type: 'varchar', length: '64' },
          { name: 'envelope', type: 'text' },
          { name: 'errors', type: 'text', isNullable: true },
          { name: 'recipients', type: 'text', isNullable: true },
          { name: 'correlation_id', type: 'varchar', length: '128', isNullable: true },
        ],
      }),
    );
    await q.createIndices('messages', [
      new TableIndex({ name: 'IDX_messages_sender', columnNames: ['sender'] }),
      new TableIndex({ name: 'IDX_messages_received_at', columnNames: ['received_at'] }),
      new TableIndex({ name: 'IDX_messages_ref_received', columnNames: ['consignment_ref', 'received_at'] }),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('messages');
    await q.dropTable('api_keys');
    await q.dropTable('participants');
  }
}
