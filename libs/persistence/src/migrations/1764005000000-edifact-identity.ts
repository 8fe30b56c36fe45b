import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';

/**
 * A participant's UN/EDIFACT identity (the UNB sender id and its qualifier), unique: an interchange's UNB sender
 * names exactly one participant. Webhook subscriptions get the format they are delivered in.
 */
export class EdifactIdentity1764005000000 implements MigrationInterface {
  name = 'EdifactIdentity1764005000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('participants', [
      new TableColumn({ name: 'edifact_id', type: 'varchar', length: '35', isNullable: true }),
      new TableColumn({ name: 'edifact_qualifier', type: 'varchar', length: '4', isNullable: true }),
    ]);
    await q.createIndex(
      'participants',
      new TableIndex({ name: 'participants_edifact_id', columnNames: ['edifact_id'], isUnique: true }),
    );
    await q.addColumn(
      'subscriptions',
      new TableColumn({ name: 'format', type: 'varchar', length: '8', isNullable: false, default: "'json'" }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('subscriptions', 'format');
    await q.dropIndex('participants', 'participants_edifact_id');
    await q.dropColumns('participants', ['edifact_id', 'edifact_qualifier']);
  }
}
