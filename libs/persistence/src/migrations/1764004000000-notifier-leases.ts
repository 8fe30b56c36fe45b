import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** A subscription's lease: which notifier instance posts its deliveries, and until when (see SubscriptionStore.lease). */
export class NotifierLeases1764004000000 implements MigrationInterface {
  name = 'NotifierLeases1764004000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('subscriptions', [
      new TableColumn({ name: 'lease_owner', type: 'varchar', length: '64', isNullable: true }),
      new TableColumn({ name: 'lease_until', type: 'varchar', length: '24', isNullable: true }),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('subscriptions', 'lease_until');
    await q.dropColumn('subscriptions', 'lease_owner');
  }
}
