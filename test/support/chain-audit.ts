import { bodyHashOf, type ChainEntryBody, entryHashOf, GENESIS_HASH } from '@cx/evidence';
import { ChainEntryEntity, dataSourceOptions, MessageEntity } from '@cx/persistence';
import { DataSource } from 'typeorm';
import type { TestDatabase } from './database';

/**
 * Reads the whole evidence chain of a test database and says what is wrong with it: a gap or a fork in the seqs, a
 * broken link or hash, a routed message (ack included) with no entry or with an entry for other bytes. Empty: sound.
 */
export async function chainProblems(db: TestDatabase): Promise<{ entries: number; problems: string[] }> {
  const ds = await new DataSource(dataSourceOptions(db.database)).initialize();
  try {
    const entries = await ds.getRepository(ChainEntryEntity).find({ order: { seq: 'ASC' } });
    const routed = await ds
      .getRepository(MessageEntity)
      .find({ select: { id: true, contentHash: true }, where: { status: 'routed' } });
    const problems: string[] = [];
    let prev = { seq: 0, hash: GENESIS_HASH };
    for (const e of entries) {
      const body = JSON.parse(e.body) as ChainEntryBody;
      if (e.seq !== prev.seq + 1) problems.push(`entry ${e.seq} follows entry ${prev.seq}`);
      if (e.prevHash !== prev.hash) problems.push(`entry ${e.seq} does not link to entry ${prev.seq}`);
      if (bodyHashOf(body) !== e.bodyHash || entryHashOf(e) !== e.hash)
        problems.push(`entry ${e.seq}: bad hash`);
      prev = e;
    }
    const byMessage = new Map(entries.map((e) => [e.messageId, JSON.parse(e.body) as ChainEntryBody]));
    for (const m of routed) {
      const body = byMessage.get(m.id);
      if (!body) problems.push(`routed message ${m.id} has no entry`);
      else if (body.contentHash !== m.contentHash)
        problems.push(`message ${m.id}: its entry is for other bytes`);
    }
    if (entries.length !== routed.length)
      problems.push(`${entries.length} entries for ${routed.length} routed rows`);
    return { entries: entries.length, problems: problems.slice(0, 20) };
  } finally {
    await ds.destroy();
  }
}
