import { OutgoingRecord } from './records';

/** At most this many bytes of record values a topic in one produce request (well under the broker's 1 MiB). */
const ROUND_BYTES = 512 * 1024;

/** Splits a transaction's records into produce requests; per-topic order is kept (rounds go out one after another). */
export function sendRounds(
  outgoing: OutgoingRecord[],
  limit = ROUND_BYTES,
): Array<Array<{ topic: string; messages: Array<Pick<OutgoingRecord, 'key' | 'value' | 'headers'>> }>> {
  const rounds: Array<Map<string, Array<Pick<OutgoingRecord, 'key' | 'value' | 'headers'>>>> = [];
  const position = new Map<string, { round: number; bytes: number }>();
  for (const r of outgoing) {
    const size = Buffer.byteLength(r.value as string | Buffer) + 200;
    let at = position.get(r.topic) ?? { round: 0, bytes: 0 };
    if (at.bytes > 0 && at.bytes + size > limit) at = { round: at.round + 1, bytes: 0 };
    at.bytes += size;
    position.set(r.topic, at);
    const round = (rounds[at.round] ??= new Map());
    const list = round.get(r.topic);
    const message = { key: r.key, value: r.value, headers: r.headers };
    if (list) list.push(message);
    else round.set(r.topic, [message]);
  }
  return rounds.map((round) => [...round].map(([topic, messages]) => ({ topic, messages })));
}
