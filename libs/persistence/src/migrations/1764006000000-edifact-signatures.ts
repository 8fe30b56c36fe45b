import { randomBytes } from 'node:crypto';
import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';

/**
 * Signed EDIFACT interchanges (their bytes, and the message rows that name them) and the exchange's secret for the ids
 * of inbound EDIFACT messages: 32 random bytes, created here once for the whole deployment (every app reads it from
 * this database), so that ids derived from public UNB values cannot be computed outside the exchange.
 */
export class EdifactSignatures1764006000000 implements MigrationInterface {
  name = 'EdifactSignatures1764006000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'signed_interchanges',
        columns: [
          { name: 'sha256', type: 'varchar', length: '64', isPrimary: true },
          { name: 'sender', type: 'varchar', length: '64' },
          { name: 'bytes', type: 'text' },
          { name: 'received_at', type: 'varchar', length: '24' },
        ],
      }),
    );
    await q.addColumn(
      'messages',
      new TableColumn({ name: 'interchange', type: 'varchar', length: '64', isNullable: true }),
    );
    await q.createTable(
      new Table({
        name: 'exchange_secrets',
        columns: [
          { name: 'name', type: 'varchar', length: '64', isPrimary: true },
          { name: 'value', type: 'text' },
          { name: 'created_at', type: 'varchar', length: '24' },
        ],
      }),
    );
    // Hex digits and an ISO time only: nothing here needs quoting.
    const secret = randomBytes(32).toString('hex');
    await q.query(
      `INSERT INTO exchange_secrets (name, value, created_at) VALUES ('edifact-ids', '${secret}', '${new Date().toISOString()}')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('exchange_secrets');
    await q.dropColumn('messages', 'interchange');
    await q.dropTable('signed_interchanges');
  }
}
