import { type ChainEntryBody, extendChain } from '@cx/evidence';
import { EntityManager, In } from 'typeorm';
import { ChainEntryEntity } from './entities/chain-entry.entity';
import type { MessageEntity } from './entities/message.entity';

/** What a routed message (an ack included) commits to in the chain. */
function bodyOf(row: MessageEntity): ChainEntryBody {
  return {
    messageId: row.id,
    consignmentRef: row.consignmentRef,
    type: row.type,
    sender: row.sender,
    recipients: row.recipients ?? [],
    contentHash: row.contentHash,
    receivedAt: row.receivedAt,
    recordedAt: row.routedAt ?? row.receivedAt,
    jws: row.jws,
    // Only when there is one: the entries of JSON messages hash as they always did.
    ...(row.interchange ? { interchange: row.interchange } : {}),
  };
}

/**
 * Appends the routed messages among `rows` that have no entry yet (a batch processed again adds nothing). Runs inside
 * the pipeline's write transaction after its inserts: on PostgreSQL that transaction holds the deliveries' advisory
 * lock, on SQLite the write lock, so appenders take turns and the chain stays linear and gap-free.
 */
export async function appendToChain(m: EntityManager, rows: MessageEntity[]): Promise<void> {
  const routed = rows.filter((r) => r.status === 'routed');
  if (routed.length === 0) return;
  const repo = m.getRepository(ChainEntryEntity);
  const chained = await repo.find({
    select: { messageId: true },
    where: { messageId: In(routed.map((r) => r.id)) },
  });
  const done = new Set(chained.map((c) => c.messageId));
  const fresh = [...new Map(routed.filter((r) => !done.has(r.id)).map((r) => [r.id, r])).values()];
  if (fresh.length === 0) return;
  const [head] = await repo.find({ select: { seq: true, hash: true }, order: { seq: 'DESC' }, take: 1 });
  const entries = extendChain(head, fresh.map(bodyOf)).map((e) =>
    Object.assign(new ChainEntryEntity(), {
      seq: e.seq,
      messageId: e.body.messageId,
      consignmentRef: e.body.consignmentRef,
      prevHash: e.prevHash,
      bodyHash: e.bodyHash,
      hash: e.hash,
      body: JSON.stringify(e.body),
    }),
  );
  // Plain inserts: a seq taken twice would be a fork, and must fail the transaction rather than pass silently.
  for (let i = 0; i < entries.length; i += 200) await m.insert(ChainEntryEntity, entries.slice(i, i + 200));
}
