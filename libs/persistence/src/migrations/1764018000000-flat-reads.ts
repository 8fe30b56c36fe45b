import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { createTallyTriggers, dropTallyTriggers, fillTallies } from '../tally-triggers';

/**
 * Reads that stay as fast at ten million deliveries as at a hundred thousand: an index for a sender's messages newest
 * first, with their type (the admin search by sender, a participant's last message for the stats), one for where a
 * message was delivered (the admin's message detail), and the counts behind the admin stats kept by triggers
 * (tally-triggers.ts).
 */
export class FlatReads1764018000000 implements MigrationInterface {
  name = 'FlatReads1764018000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex(
      'messages',
      new TableIndex({
        name: 'IDX_messages_sender_received_at',
        columnNames: ['sender', 'received_at', 'type'],
      }),
    );
    // With `type`, a search's count (acks left out) reads the index alone. It starts with sender: the old index would
    // only cost every insert.
    await q.dropIndex('messages', 'IDX_messages_sender');
    await q.createIndex(
      'deliveries',
      new TableIndex({ name: 'IDX_deliveries_message', columnNames: ['message_id'] }),
    );
    await q.createTable(
      new Table({
        name: 'tallies',
        columns: [
          { name: 'subject', type: 'varchar', length: '16', isPrimary: true },
          { name: 'type', type: 'varchar', length: '64', isPrimary: true },
          { name: 'status', type: 'varchar', length: '16', isPrimary: true },
          { name: 'change', type: 'smallint', isPrimary: true },
          { name: 'n', type: 'bigint' },
        ],
      }),
    );
    await fillTallies(q);
    await createTallyTriggers(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropTallyTriggers(q);
    await q.dropTable('tallies');
    await q.dropIndex('deliveries', 'IDX_deliveries_message');
    await q.createIndex('messages', new TableIndex({ name: 'IDX_messages_sender', columnNames: ['sender'] }));
    await q.dropIndex('messages', 'IDX_messages_sender_received_at');
  }
}
