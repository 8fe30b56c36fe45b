import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { SETTINGS, Settings } from '@cx/config';
import { encodeCursor } from '@cx/inbox';
import { CachedParticipantDirectory } from '@cx/participants';
import { InboxGrowth, InboxItem, InboxStore, SubscriptionEntity, SubscriptionStore } from '@cx/persistence';
import {
  afterFailure,
  heldElsewhere,
  isSuccess,
  LeaseTerms,
  leaseTerms,
  mustRenew,
  orphaned,
  RetryPolicy,
  takeTurns,
} from '@cx/webhooks';
import { partyOf } from '@cx/edifact';
import { postSigned } from './webhook-post';
import { webhookBody } from './webhook-body';

/** Deliveries one subscription gets in a row before others have their turn. */
const BURST = 100;

/**
 * The sending loop. Every poll it asks the database which inboxes grew and which subscriptions are due, and serves
 * each such subscription on its own: the next delivery after its cursor that matches its filter, posted and signed,
 * the cursor moved past it right after a 2xx, or the failure logged and the retry scheduled (or the subscription
 * paused). One delivery at a time per subscription keeps per-consignment order. Several notifiers may run: each
 * serves a subscription only under its lease in the database (libs/webhooks/src/lease.ts).
 */
@Injectable()
export class WebhookSender implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WebhookSender.name);
  private readonly policy: RetryPolicy;
  /** Subscriptions being served, with their participant: each participant has a bounded share (takeTurns). */
  private readonly busy = new Map<string, string>();
  /** Subscriptions to serve at the next poll even if nothing new is seen: their turn ended, or was not given. */
  private readonly pending = new Set<string>();
  /** updatedAt of each subscription when last served: a change (resumed, created) means serve it again. */
  private readonly seen = new Map<string, string>();
  /** Participants found deactivated while serving: once active again, their backlog is served at once. */
  private readonly inactive = new Set<string>();
  private readonly growth: InboxGrowth;
  /** This process, as the owner of its leases: unique per start, so a restarted notifier is a new owner. */
  private readonly instance = `${hostname().slice(0, 40)}:${process.pid}:${randomBytes(6).toString('hex')}`;
  private readonly lease: LeaseTerms;
  /** Until when this notifier holds each subscription it serves. */
  private readonly leases = new Map<string, Date>();
  private timer?: NodeJS.Timeout;
  private ticking = false;
  private stopping = false;

  constructor(
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly subscriptions: SubscriptionStore,
    private readonly inbox: InboxStore,
    private readonly participants: CachedParticipantDirectory,
  ) {
    const r = settings.receiving;
    this.policy = { baseDelayMs: r.retryBaseMs, maxDelayMs: r.retryMaxMs, maxFailures: r.maxFailures };
    this.growth = new InboxGrowth(inbox);
    this.lease = leaseTerms(r.webhookTimeoutMs);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.settings.receiving.pollMs);
  }

  /** Lets the posts in flight finish and be recorded (bounded by the timeout), so a restart repeats none of them. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    const deadline = Date.now() + this.settings.receiving.webhookTimeoutMs + 1000;
    while (this.busy.size > 0 && Date.now() < deadline) await sleep(20);
    // Another notifier takes these subscriptions over at its next poll, not when the leases end.
    if (this.busy.size === 0) await this.subscriptions.releaseLeases(this.instance).catch(() => undefined);
  }

  private async tick(): Promise<void> {
    if (this.ticking || this.stopping) return;
    this.ticking = true;
    try {
      // Participants whose inbox grew since the last poll (all of them on the first poll after a start).
      const grown = await this.growth.since();
      const now = new Date();
      const due = (await this.subscriptions.due(now)).filter((s) => !heldElsewhere(s, this.instance, now));
      const wanted = due.filter((s) => this.pending.has(s.id) || this.wants(s, grown, now));
      const waiting = wanted.filter((s) => !this.busy.has(s.id));
      const busyByParticipant = new Map<string, number>();
      for (const p of this.busy.values()) busyByParticipant.set(p, (busyByParticipant.get(p) ?? 0) + 1);
      const starting = new Set(takeTurns(waiting, busyByParticipant));
      for (const s of wanted) {
        if (!starting.has(s)) {
          // Its turn comes at a later poll: what made it wanted is not seen twice.
          this.pending.add(s.id);
          continue;
        }
        this.pending.delete(s.id);
        this.busy.set(s.id, s.participantId);
        this.seen.set(s.id, s.updatedAt);
        void this.serve(s.id)
          .then((more) => {
            if (more) this.pending.add(s.id);
          })
          .catch((err) => {
            // Serve it again next poll; the database holds where it stands.
            this.pending.add(s.id);
            this.logger.warn(`subscription ${s.id}: ${(err as Error).message}`);
          })
          .finally(() => this.busy.delete(s.id));
      }
    } catch (err) {
      this.logger.warn(`poll failed: ${(err as Error).message}`);
    } finally {
      this.ticking = false;
    }
  }

  private wants(s: SubscriptionEntity, grown: Set<string> | 'all', now: Date): boolean {
    return (
      grown === 'all' ||
      orphaned(s, this.instance, now) ||
      grown.has(s.participantId) ||
      s.nextAttemptAt !== null ||
      this.seen.get(s.id) !== s.updatedAt ||
      (this.inactive.has(s.participantId) && this.participants.get(s.participantId)?.active === true)
    );
  }

  /** Posts the subscription's pending deliveries in order; true when it stopped with some left (its turn ended). */
  private async serve(id: string): Promise<boolean> {
    for (let i = 0; i < BURST; i++) {
      if (this.stopping) return true;
      // Read afresh each time: the owner may have paused or deleted it meanwhile.
      const s = await this.subscriptions.findById(id);
      if (!s || s.status !== 'active') return false;
      if (!(await this.holdLease(id))) return false;
      // A deactivated participant receives nothing more, by any channel; its subscriptions wait for reactivation.
      if (!this.participants.get(s.participantId)?.active) {
        this.inactive.add(s.participantId);
        return false;
      }
      this.inactive.delete(s.participantId);
      const filter = { types: s.types ?? undefined, consignmentRef: s.consignmentRef ?? undefined };
      const [item] = await this.inbox.page(s.participantId, s.cursor, 1, filter);
      if (!item) return false;
      if (!(await this.attempt(s, item))) return false;
    }
    return true;
  }

  /** Takes or renews this notifier's lease on the subscription when needed; false when another notifier holds it. */
  private async holdLease(id: string): Promise<boolean> {
    const now = new Date();
    if (!mustRenew(this.leases.get(id), now, this.lease)) return true;
    const until = new Date(now.getTime() + this.lease.lengthMs);
    if (!(await this.subscriptions.lease(id, this.instance, now, until))) {
      this.leases.delete(id);
      return false;
    }
    this.leases.set(id, until);
    return true;
  }

  /** Posts one delivery; true when the endpoint took it. */
  private async attempt(s: SubscriptionEntity, item: InboxItem): Promise<boolean> {
    const attempt = s.consecutiveFailures + 1;
    // The UNB recipient is the participant's EDIFACT identity as it stands now, not as of the last reload.
    if (s.format === 'edifact') await this.participants.ensureCurrent();
    const recipient = partyOf(this.participants.get(s.participantId) ?? { id: s.participantId });
    const body = webhookBody(s.format, item, recipient);
    const outcome = await postSigned(
      s.url,
      s.secret,
      body.text,
      {
        'x-cx-message-id': item.messageId,
        'x-cx-cursor': encodeCursor(item.seq),
        'x-cx-attempt': String(attempt),
        ...(item.jws ? { 'x-cx-jws': item.jws } : {}),
        ...(item.interchange ? { 'x-cx-interchange': item.interchange } : {}),
        ...(item.receipt ? { 'x-cx-receipt': item.receipt } : {}),
      },
      this.settings.receiving.webhookTimeoutMs,
      body.contentType,
    );
    const now = new Date();
    const record = {
      seq: item.seq,
      messageId: item.messageId,
      attempt,
      statusCode: outcome.statusCode ?? null,
      error: outcome.error ?? null,
      succeeded: isSuccess(outcome.statusCode),
      attemptedAt: now.toISOString(),
    };
    if (record.succeeded) {
      await this.subscriptions.advance(s.id, item.seq, record, now);
      return true;
    }
    const next = afterFailure(attempt, this.policy, now, Math.random());
    const why = outcome.error ?? `HTTP ${outcome.statusCode}`;
    if (next.pause) {
      this.logger.warn(`subscription ${s.id} paused after ${attempt} failed attempts (${why})`);
      await this.subscriptions.failed(
        s.id,
        record,
        { pausedReason: `${attempt} consecutive failures; last: ${why}` },
        now,
      );
    } else {
      await this.subscriptions.failed(s.id, record, { retryAt: next.retryAt }, now);
    }
    return false;
  }
}
