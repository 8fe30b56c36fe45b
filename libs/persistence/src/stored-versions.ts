import { CANCELLATION, type StoredVersion } from '@cx/routing';
import { DataSource, In, Not } from 'typeorm';
import { MessageEntity } from './entities/message.entity';

/** How far a chain of corrections is followed to name its latest version; longer chains name the 50th. */
const MAX_CHAIN = 50;

/**
 * A stored message as a correction or cancellation is judged against it, from its row and the routed rows that refer
 * to it (`referring`: its replacement, and for a declaration the decisions about it; others are ignored).
 */
export function storedVersion(row: MessageEntity, referring: readonly MessageEntity[]): StoredVersion {
  const routed = referring.filter((r) => r.status === 'routed');
  const by = routed.find((r) => r.supersedes === row.id);
  return {
    id: row.id,
    type: row.type,
    sender: row.sender,
    consignmentRef: row.consignmentRef,
    status: row.status,
    recipients: row.recipients ?? [],
    ...(by ? { replacedBy: { id: by.id, type: by.type } } : {}),
    decided: routed.some((r) => r.type === 'customs.decision' && r.correlationId === row.id),
  };
}

/** The messages among `ids` as corrections and cancellations are judged against them (one query, more for chains). */
export async function loadStoredVersions(ds: DataSource, ids: string[]): Promise<Map<string, StoredVersion>> {
  const found = new Map<string, StoredVersion>();
  const unique = [...new Set(ids)];
  if (unique.length === 0) return found;
  const repo = ds.getRepository(MessageEntity);
  const rows = await repo.findBy({ id: In(unique) });
  if (rows.length === 0) return found;
  const present = rows.map((r) => r.id);
  const referring = await repo.find({
    select: ['id', 'type', 'status', 'supersedes', 'correlationId'],
    where: [
      { supersedes: In(present), status: 'routed' },
      { correlationId: In(present), type: 'customs.decision', status: 'routed' },
    ],
  });
  for (const row of rows) found.set(row.id, storedVersion(row, referring));
  const superseded = [...found.values()].filter((v) => v.replacedBy);
  const latest = await latestVersions(
    ds,
    superseded.map((v) => v.replacedBy!.id),
  );
  for (const v of superseded) v.latest = latest.get(v.replacedBy!.id) ?? v.replacedBy!.id;
  return found;
}

/** For each id, the last version of its chain of corrections (the id itself when it was not corrected; a cancelled one included). */
async function latestVersions(ds: DataSource, ids: string[]): Promise<Map<string, string>> {
  const latest = new Map(ids.map((id) => [id, id]));
  let frontier = new Map(ids.map((id) => [id, [id]])); // current tip → the starting ids that reach it
  for (let step = 0; step < MAX_CHAIN && frontier.size > 0; step++) {
    const next = await ds.getRepository(MessageEntity).find({
      select: ['id', 'supersedes'],
      where: { supersedes: In([...frontier.keys()]), status: 'routed', type: Not(CANCELLATION) },
    });
    const advanced = new Map<string, string[]>();
    for (const r of next) {
      const starts = frontier.get(r.supersedes!) ?? [];
      for (const s of starts) latest.set(s, r.id);
      advanced.set(r.id, [...(advanced.get(r.id) ?? []), ...starts]);
    }
    frontier = advanced;
  }
  return latest;
}
