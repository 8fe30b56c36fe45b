/**
 * The retention policy (README "Retention"): deliveries are deleted, and message bodies blanked, once older than their
 * settings allow; 0 days keeps them forever, the default. Message rows (metadata, outcome, signatures, receipt), the
 * evidence chain and the admin tallies are never pruned.
 */
export interface RetentionPolicy {
  deliveriesDays: number;
  bodiesDays: number;
}

/** ISO times before which each kind of history may go; absent: kept forever. */
export interface Cutoffs {
  deliveries?: string;
  bodies?: string;
}

const DAY_MS = 86_400_000;

export function cutoffsAt(policy: RetentionPolicy, now: Date): Cutoffs {
  const before = (days: number) =>
    days > 0 ? new Date(now.getTime() - days * DAY_MS).toISOString() : undefined;
  const deliveries = before(policy.deliveriesDays);
  const bodies = before(policy.bodiesDays);
  return { ...(deliveries ? { deliveries } : {}), ...(bodies ? { bodies } : {}) };
}

/** Where a walk through the messages by (received_at, id) has reached. */
export interface BodyMark {
  receivedAt: string;
  id: string;
}

/** A message as the pruner judges its body. */
export interface BodyRow extends BodyMark {
  type: string;
  status: string;
  /** Its body is blank already. */
  blank: boolean;
  /** A delivery still shows it (an inbox page, an event, a webhook post carries the body). */
  delivered: boolean;
  /** A routed correction or cancellation replaced it. */
  replaced: boolean;
}

/**
 * Bodies stateful validation and routing still read: the current consignment note of each consignment (a correction
 * recomputes its parties from it) and each current customs declaration (a decision names its declaration number).
 */
const READ_WHILE_CURRENT = new Set(['consignment.note', 'customs.declaration']);

/**
 * What to do with a body past its cutoff: `prune` it, keep it while `needed` (see READ_WHILE_CURRENT), or `wait` for
 * what still shows or routes it (its deliveries, pruned on their own schedule; its routing, if only accepted).
 */
export function bodyVerdict(row: BodyRow): 'done' | 'prune' | 'needed' | 'wait' {
  if (row.blank) return 'done';
  if (row.delivered || row.status === 'accepted') return 'wait';
  if (row.status === 'routed' && READ_WHILE_CURRENT.has(row.type) && !row.replaced) return 'needed';
  return 'prune';
}

/** What the pruner asks of the database, one bounded batch at a time (retention-store.ts). */
export interface RetentionTarget {
  /** Deletes at most `limit` of the oldest deliveries created before `cutoff`; answers how many it deleted. */
  deleteDeliveries(cutoff: string, limit: number): Promise<number>;
  /** The next `limit` messages after `after` (in (received_at, id) order) received before `cutoff`. */
  scanBodies(cutoff: string, after: BodyMark | undefined, limit: number): Promise<BodyRow[]>;
  /** Blanks these messages' bodies, unless a delivery shows one; answers how many it blanked. */
  blankBodies(ids: string[]): Promise<number>;
}

export interface PruneResult {
  deliveries: number;
  bodies: number;
}

/** Rows a batch touches at most: a few milliseconds of a writer's time, then the others have their turn. */
export const PRUNE_BATCH = 1000;
/** The walk through the bodies starts over this often: bodies it passed while needed (a note since corrected) go. */
const WALK_RESTART_MS = 86_400_000;

/**
 * Runs the policy: deliveries first (a body goes only once no delivery shows it), then bodies, each in batches of
 * `batch` rows with a turn of the event loop between two. Batches are idempotent, so two pruners at once (two
 * notifiers) only repeat each other's no-ops. The walk through the bodies goes to the cutoff every run, and the next run
 * starts where every body before was settled (pruned, or needed), not past a body that had to wait; it starts over
 * from the beginning once a day and at every start.
 */
export class RetentionPruner {
  private mark?: BodyMark;
  private walkStartedAt = 0;
  private stopped = false;

  constructor(
    private readonly target: RetentionTarget,
    private readonly policy: RetentionPolicy,
    private readonly batch = PRUNE_BATCH,
  ) {}

  async run(now = new Date()): Promise<PruneResult> {
    const cutoffs = cutoffsAt(this.policy, now);
    const result: PruneResult = { deliveries: 0, bodies: 0 };
    if (cutoffs.deliveries) {
      for (let n = this.batch; n === this.batch && !this.stopped; await yieldTurn()) {
        n = await this.target.deleteDeliveries(cutoffs.deliveries, this.batch);
        result.deliveries += n;
      }
    }
    if (cutoffs.bodies) result.bodies = await this.pruneBodies(cutoffs.bodies, now);
    return result;
  }

  /** Ends the run in progress after its current batch (a shutdown), and every later one at once. */
  stop(): void {
    this.stopped = true;
  }

  private async pruneBodies(cutoff: string, now: Date): Promise<number> {
    if (now.getTime() - this.walkStartedAt >= WALK_RESTART_MS) {
      this.mark = undefined;
      this.walkStartedAt = now.getTime();
    }
    let pruned = 0;
    let cursor = this.mark;
    let waiting = false;
    for (;;) {
      const rows = await this.target.scanBodies(cutoff, cursor, this.batch);
      const verdicts = rows.map((r) => bodyVerdict(r));
      const ids = rows.filter((_, i) => verdicts[i] === 'prune').map((r) => r.id);
      if (ids.length > 0) pruned += await this.target.blankBodies(ids);
      rows.forEach((r, i) => {
        waiting ||= verdicts[i] === 'wait';
        if (!waiting) this.mark = { receivedAt: r.receivedAt, id: r.id };
      });
      if (rows.length < this.batch || this.stopped) return pruned;
      cursor = { receivedAt: rows.at(-1)!.receivedAt, id: rows.at(-1)!.id };
      await yieldTurn();
    }
  }
}

const yieldTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
