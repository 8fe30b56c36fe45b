import { DataSource, IsNull, LessThanOrEqual, Or } from 'typeorm';
import { SubscriptionEntity } from './entities/subscription.entity';
import { WebhookAttemptEntity } from './entities/webhook-attempt.entity';

/** How many attempts `GET /v1/subscriptions/{id}` shows, newest first. */
export const RECENT_ATTEMPTS = 50;
/** How many attempts a subscription's log keeps; older ones are dropped as new deliveries succeed. */
export const KEPT_ATTEMPTS = 1000;

export type AttemptRecord = Omit<WebhookAttemptEntity, 'id' | 'subscriptionId'>;

/** Webhook subscriptions and their delivery log, as the gateway (their owners) and the notifier (sending) use them. */
export class SubscriptionStore {
  constructor(private readonly ds: DataSource) {}

  private get subscriptions() {
    return this.ds.getRepository(SubscriptionEntity);
  }

  private get attempts() {
    return this.ds.getRepository(WebhookAttemptEntity);
  }

  async create(row: SubscriptionEntity): Promise<void> {
    await this.subscriptions.insert(row);
  }

  listOf(participantId: string): Promise<SubscriptionEntity[]> {
    return this.subscriptions.find({ where: { participantId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  countOf(participantId: string): Promise<number> {
    return this.subscriptions.countBy({ participantId });
  }

  /** The participant's subscription, or null, also when it is another participant's. */
  findOwned(participantId: string, id: string): Promise<SubscriptionEntity | null> {
    return this.subscriptions.findOneBy({ id, participantId });
  }

  findById(id: string): Promise<SubscriptionEntity | null> {
    return this.subscriptions.findOneBy({ id });
  }

  recentAttempts(subscriptionId: string): Promise<WebhookAttemptEntity[]> {
    return this.attempts.find({ where: { subscriptionId }, order: { id: 'DESC' }, take: RECENT_ATTEMPTS });
  }

  /** Deletes the participant's subscription, its log with it (ON DELETE CASCADE); false when it has none such. */
  async remove(participantId: string, id: string): Promise<boolean> {
    // One statement, no read first: on SQLite a transaction that reads and then writes fails at once (SQLITE_BUSY)
    // when another process wrote in between, as the notifier does after every delivery.
    const result = await this.subscriptions.delete({ id, participantId });
    return (result.affected ?? 0) > 0;
  }

  async setActive(id: string, active: boolean, now: Date): Promise<void> {
    await this.subscriptions.update(
      { id },
      active
        ? {
            status: 'active',
            consecutiveFailures: 0,
            nextAttemptAt: null,
            pausedReason: null,
            updatedAt: now.toISOString(),
          }
        : { status: 'paused', pausedReason: 'paused by its owner', updatedAt: now.toISOString() },
    );
  }

  /** Active subscriptions whose next attempt is due. */
  due(now: Date): Promise<SubscriptionEntity[]> {
    return this.subscriptions.find({
      where: { status: 'active', nextAttemptAt: Or(IsNull(), LessThanOrEqual(now.toISOString())) },
      order: { id: 'ASC' },
    });
  }

  /**
   * Takes or renews the lease of subscription `id` for notifier `owner` until `until`: true when `owner` holds it
   * now, false when another notifier's lease is still running. One statement, so two notifiers racing for it cannot
   * both win.
   */
  async lease(id: string, owner: string, now: Date, until: Date): Promise<boolean> {
    const result = await this.ds
      .createQueryBuilder()
      .update(SubscriptionEntity)
      .set({ leaseOwner: owner, leaseUntil: until.toISOString() })
      .where('id = :id AND (lease_owner IS NULL OR lease_owner = :owner OR lease_until < :now)', {
        id,
        owner,
        now: now.toISOString(),
      })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Gives up `owner`'s leases (a notifier shutting down), so that another notifier takes them over at once. */
  async releaseLeases(owner: string): Promise<void> {
    await this.subscriptions.update({ leaseOwner: owner }, { leaseOwner: null, leaseUntil: null });
  }

  /**
   * The endpoint took delivery `seq` (or the filter skipped up to it): moving the cursor past it is what makes it
   * never be posted again. Only an active subscription whose cursor is still behind moves, so a concurrent pause or
   * delete is not undone.
   */
  async advance(id: string, seq: number, attempt: AttemptRecord | undefined, now: Date): Promise<void> {
    await this.ds.transaction(async (m) => {
      if (attempt) await m.getRepository(WebhookAttemptEntity).insert({ ...attempt, subscriptionId: id });
      await m
        .createQueryBuilder()
        .update(SubscriptionEntity)
        .set({ cursor: seq, consecutiveFailures: 0, nextAttemptAt: null, updatedAt: now.toISOString() })
        .where('id = :id AND cursor < :seq', { id, seq })
        .execute();
      await m
        .createQueryBuilder()
        .delete()
        .from(WebhookAttemptEntity)
        .where(
          `subscription_id = :id AND id < (SELECT id FROM webhook_attempts WHERE subscription_id = :id
             ORDER BY id DESC LIMIT 1 OFFSET ${KEPT_ATTEMPTS - 1})`,
          { id },
        )
        .execute();
    });
  }

  /** A failed attempt: logged, and either retried at `retryAt` or the subscription paused. */
  async failed(
    id: string,
    attempt: AttemptRecord,
    next: { retryAt: Date } | { pausedReason: string },
    now: Date,
  ): Promise<void> {
    await this.ds.transaction(async (m) => {
      await m.getRepository(WebhookAttemptEntity).insert({ ...attempt, subscriptionId: id });
      await m
        .createQueryBuilder()
        .update(SubscriptionEntity)
        .set({
          consecutiveFailures: () => 'consecutive_failures + 1',
          updatedAt: now.toISOString(),
          ...('retryAt' in next
            ? { nextAttemptAt: next.retryAt.toISOString() }
            : { status: 'paused', pausedReason: next.pausedReason }),
        })
        .where('id = :id AND status = :active', { id, active: 'active' })
        .execute();
    });
  }
}
