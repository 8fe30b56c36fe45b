import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';

/** Signed messages and the evidence chain: participants' signing keys, signatures on messages, chain entries. */
export class Evidence1764003000000 implements MigrationInterface {
  name = 'Evidence1764003000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('messages', [
      new TableColumn({ name: 'jws', type: 'text', isNullable: true }),
      new TableColumn({ name: 'receipt', type: 'text', isNullable: true }),
    ]);
    await q.createTable(
      new Table({
        name: 'signing_keys',
        columns: [
          { name: 'kid', type: 'varchar', length: '64', isPrimary: true },
          { name: 'participant_id', type: 'varchar', length: '64' },
          { name: 'alg', type: 'varchar', length: '8' },
          { name: 'jwk', type: 'text' },
          { name: 'created_at', type: 'varchar', length: '24' },
          { name: 'revoked_at', type: 'varchar', length: '24', isNullable: true },
        ],
        indices: [{ name: 'IDX_signing_keys_participant', columnNames: ['participant_id'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'chain_entries',
        columns: [
          { name: 'seq', type: 'integer', isPrimary: true },
          { name: 'message_id', type: 'varchar', length: '36' },
          { name: 'consignment_ref', type: 'varchar', length: '64' },
          { name: 'prev_hash', type: 'varchar', length: '64' },
          { name: 'body_hash', type: 'varchar', length: '64' },
          { name: 'hash', type: 'varchar', length: '64' },
          { name: 'body', type: 'text' },
        ],
      }),
    );
    await q.createIndex(
      'chain_entries',
      new TableIndex({ name: 'UQ_chain_entries_message', columnNames: ['message_id'], isUnique: true }),
    );
    await q.createIndex(
      'chain_entries',
      new TableIndex({ name: 'IDX_chain_entries_consignment', columnNames: ['consignment_ref'] }),
    );
    await q.createTable(
      new Table({
        name: 'chain_heads',
        columns: [
          { name: 'seq', type: 'integer', isPrimary: true },
          { name: 'jws', type: 'text' },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('chain_heads');
    await q.dropTable('chain_entries');
    await q.dropTable('signing_keys');
    await q.dropColumn('messages', 'receipt');
    await q.dropColumn('messages', 'jws');
  }
}
