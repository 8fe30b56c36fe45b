/** How the notifier shares its concurrent posts among participants. */
export interface ShareLimits {
  /** Posts in flight in the whole notifier. */
  total: number;
  /** Posts in flight for one participant, whatever its number of subscriptions. */
  perParticipant: number;
}

export const DEFAULT_SHARE: ShareLimits = { total: 32, perParticipant: 4 };

/** Most webhook subscriptions one participant may hold (`POST /v1/subscriptions` answers 422 past it). */
export const MAX_SUBSCRIPTIONS_PER_PARTICIPANT = 10;

/**
 * Which of the waiting subscriptions start now. Each participant gets at most its share of the slots, so endpoints that
 * hang (each holding a slot up to the timeout) only ever hold back their own participant; the waiting are taken in
 * turns across participants (one each, round after round), so many subscriptions of one participant do not take the
 * free slots ahead of another participant's one.
 */
export function takeTurns<T extends { participantId: string }>(
  waiting: readonly T[],
  busyByParticipant: ReadonlyMap<string, number>,
  limits: ShareLimits = DEFAULT_SHARE,
): T[] {
  const queues = new Map<string, T[]>();
  for (const w of waiting) {
    const q = queues.get(w.participantId);
    if (q) q.push(w);
    else queues.set(w.participantId, [w]);
  }
  const busy = new Map(busyByParticipant);
  let free = limits.total - [...busy.values()].reduce((a, b) => a + b, 0);
  const chosen: T[] = [];
  while (free > 0 && queues.size > 0) {
    for (const [participant, q] of queues) {
      if (free === 0) break;
      if ((busy.get(participant) ?? 0) >= limits.perParticipant || q.length === 0) {
        queues.delete(participant);
        continue;
      }
      chosen.push(q.shift()!);
      busy.set(participant, (busy.get(participant) ?? 0) + 1);
      free--;
    }
  }
  return chosen;
}
