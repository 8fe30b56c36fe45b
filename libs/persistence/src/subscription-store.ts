import { DataSource } from 'typeorm';
import { SubscriptionEntity } from './entities/subscription.entity';
import { WebhookAttemptEntity } from './entities/webhook-attempt.entity';

/** How many attempts `GET /v1/subscriptions/{id}` shows, newest first. */
export const RECENT_ATTEMPTS = 50;
/** How many attempts a subscription's log keeps; older ones are dropped as new deliveries succeed. */
export const KEPT_ATTEMPTS = 1000;

export type AttemptRecord = Omit<WebhookAttemptEntity, 'id' | 'subscriptionId'>;

/** A subscription `owner` may serve: no lease, its own, or one that ended (ISO 8601 strings compare as times). */
const leaseFree = (alias = '') =>
  `(${alias}lease_owner IS NULL OR ${alias}lease_owner = :owner OR ${alias}lease_until < :now)`;

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

  /** Active subscriptions whose next attempt is due and that no other notifier instance holds a lease on. */
  due(now: Date, owner: string): Promise<SubscriptionEntity[]> {
    return this.subscriptions
      .createQueryBuilder('s')
      .where("s.status = 'active'")
      .andWhere('(s.next_attempt_at IS NULL OR s.next_attempt_at <= :now)', { now: now.toISOString() })
      .andWhere(leaseFree('s.'), { owner, now: now.toISOString() })
      .orderBy('s.id', 'ASC')
      .getMany();
  }

  /**
   * Takes or extends the lease of notifier instance `owner` on the subscription until `until`: only when no other
   * instance holds an unexpired one. One conditional UPDATE, so two instances can never both hold it; true when
   * `owner` holds it now.
   */
  async lease(id: string, owner: string, now: Date, until: Date): Promise<boolean> {
    const result = await this.subscriptions
      .createQueryBuilder()
      .update(SubscriptionEntity)
      .set({ leaseOwner: owner, leaseUntil: until.toISOString() })
      .where(`id = :id AND ${leaseFree()}`, { id, owner, now: now.toISOString() })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Gives up every lease of `owner` (a notifier shutting down): another instance takes them at its next poll. */
  async releaseLeases(owner: string): Promise<void> {
    await this.subscriptions.update({ leaseOwner: owner }, { leaseOwner: null, leaseUntil: null });
  }

  /**
   * The endpoint took delivery `seq` (or the filter skipped up to it): moving the cursor past it is what makes it
   * never be posted again. Only an active subscription whose cursor is still behind moves, so a concurrent pause or
   * delete is not undone, and only while `owner` holds its lease.
   */
  async advance(
    id: string,
    seq: number,
    attempt: AttemptRecord | undefined,
    now: Date,
    owner: string,
  ): Promise<void> {
    await this.ds.transaction(async (m) => {
      if (attempt) await m.getRepository(WebhookAttemptEntity).insert({ ...attempt, subscriptionId: id });
      await m
        .createQueryBuilder()
        .update(SubscriptionEntity)
        .set({ cursor: seq, consecutiveFailures: 0, nextAttemptAt: null, updatedAt: now.toISOString() })
        .where('id = :id AND cursor < :seq AND lease_owner = :owner', { id, seq, owner })
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

  /** A failed attempt: logged, and either retried at `retryAt` or the subscription paused (while `owner` holds it). */
  async failed(
    id: string,
    attempt: AttemptRecord,
    next: { retryAt: Date } | { pausedReason: string },
    now: Date,
    owner: string,
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
        .where('id = :id AND status = :active AND lease_owner = :owner', { id, active: 'active', owner })
        .execute();
    });
  }
}
