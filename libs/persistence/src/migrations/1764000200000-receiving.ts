import { MigrationInterface, QueryRunner, Table } from 'typeorm';

const timestamp = (name: string, nullable = false) => ({
  name,
  type: 'varchar',
  length: '24',
  isNullable: nullable,
});

/** Webhook subscriptions (with their cursor into the deliveries) and their delivery log. */
export class Receiving1764000200000 implements MigrationInterface {
  name = 'Receiving1764000200000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'subscriptions',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'participant_id', type: 'varchar', length: '64' },
          { name: 'url', type: 'varchar', length: '2048' },
          { name: 'secret', type: 'varchar', length: '256' },
          { name: 'types', type: 'text', isNullable: true },
          { name: 'consignment_ref', type: 'varchar', length: '64', isNullable: true },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'cursor', type: 'integer' },
          { name: 'consecutive_failures', type: 'integer', default: 0 },
          timestamp('next_attempt_at', true),
          { name: 'paused_reason', type: 'varchar', length: '500', isNullable: true },
          timestamp('created_at'),
          timestamp('updated_at'),
        ],
        foreignKeys: [
          {
            columnNames: ['participant_id'],
            referencedTableName: 'participants',
            referencedColumnNames: ['id'],
          },
        ],
        indices: [{ name: 'IDX_subscriptions_participant', columnNames: ['participant_id'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'webhook_attempts',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'subscription_id', type: 'varchar', length: '36' },
          { name: 'seq', type: 'integer' },
          { name: 'message_id', type: 'varchar', length: '36' },
          { name: 'attempt', type: 'integer' },
          { name: 'status_code', type: 'integer', isNullable: true },
          { name: 'error', type: 'varchar', length: '500', isNullable: true },
          { name: 'succeeded', type: 'boolean' },
          timestamp('attempted_at'),
        ],
        foreignKeys: [
          {
            columnNames: ['subscription_id'],
            referencedTableName: 'subscriptions',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
        indices: [{ name: 'IDX_webhook_attempts_subscription', columnNames: ['subscription_id', 'id'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('webhook_attempts');
    await q.dropTable('subscriptions');
  }
}
