import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * Consignments get an owner: the sender of the note that opened them. Existing ones take the sender of their earliest
 * routed note (none: the next note opens them).
 */
export class ConsignmentOwner1764001000000 implements MigrationInterface {
  name = 'ConsignmentOwner1764001000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn(
      'consignments',
      new TableColumn({ name: 'owner', type: 'varchar', length: '64', isNullable: true }),
    );
    await q.query(`UPDATE consignments SET owner = (
      SELECT m.sender FROM messages m
      WHERE m.consignment_ref = consignments.ref AND m.type = 'consignment.note' AND m.status = 'routed'
      ORDER BY m.received_at, m.id LIMIT 1)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('consignments', 'owner');
  }
}
