import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type SubscriptionStatus = 'active' | 'paused';

/**
 * A participant's webhook. `cursor` is the seq of the last delivery of its inbox that the endpoint took (2xx) or that
 * the filter skipped: the notifier posts the next matching one after it, so sending is driven by the database and
 * survives a restart, and a delivery once answered 2xx is never posted again.
 */
@Entity({ name: 'subscriptions' })
@Index('IDX_subscriptions_participant', ['participantId'])
export class SubscriptionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'participant_id', type: 'varchar', length: 64 })
  participantId!: string;

  @Column({ type: 'varchar', length: 2048 })
  url!: string;

  /** Kept in clear: the notifier needs it to sign every delivery (HMAC), unlike an API key. */
  @Column({ type: 'varchar', length: 256 })
  secret!: string;

  @Column({ type: 'simple-json', nullable: true })
  types!: string[] | null;

  @Column({ name: 'consignment_ref', type: 'varchar', length: 64, nullable: true })
  consignmentRef!: string | null;

  @Column({ type: 'varchar', length: 16 })
  status!: SubscriptionStatus;

  /** How deliveries are posted: `json` (the envelope) or `edifact` (an interchange each). */
  @Column({ type: 'varchar', length: 8, default: 'json' })
  format!: 'json' | 'edifact';

  @Column({ type: 'integer' })
  cursor!: number;

  @Column({ name: 'consecutive_failures', type: 'integer', default: 0 })
  consecutiveFailures!: number;

  /** When the next attempt is due (ISO 8601 UTC); null: at once. */
  @Column({ name: 'next_attempt_at', type: 'varchar', length: 24, nullable: true })
  nextAttemptAt!: string | null;

  @Column({ name: 'paused_reason', type: 'varchar', length: 500, nullable: true })
  pausedReason!: string | null;

  /** The notifier instance serving it now (see SubscriptionStore.lease); null: none. */
  @Column({ name: 'lease_owner', type: 'varchar', length: 64, nullable: true })
  leaseOwner?: string | null;

  /** Until when `leaseOwner` holds it (ISO 8601 UTC); after that, any notifier may take it over. */
  @Column({ name: 'lease_until', type: 'varchar', length: 24, nullable: true })
  leaseUntil?: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 24 })
  updatedAt!: string;
}
