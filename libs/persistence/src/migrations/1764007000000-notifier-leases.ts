import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * Webhook subscriptions get a lease: the notifier instance that serves one holds it until a time, so that two
 * notifiers never post the same subscription's deliveries at once, and one that dies is replaced when its lease ends.
 */
export class NotifierLeases1764007000000 implements MigrationInterface {
  name = 'NotifierLeases1764007000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('subscriptions', [
      new TableColumn({ name: 'lease_owner', type: 'varchar', length: '64', isNullable: true }),
      new TableColumn({ name: 'lease_until', type: 'varchar', length: '24', isNullable: true }),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumns('subscriptions', ['lease_owner', 'lease_until']);
  }
}
