import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One POST of one delivery to a subscription's endpoint: the subscription's delivery log. */
@Entity({ name: 'webhook_attempts' })
@Index('IDX_webhook_attempts_subscription', ['subscriptionId', 'id'])
export class WebhookAttemptEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ name: 'subscription_id', type: 'varchar', length: 36 })
  subscriptionId!: string;

  /** The delivery's seq in the participant's inbox. */
  @Column({ type: 'integer' })
  seq!: number;

  @Column({ name: 'message_id', type: 'varchar', length: 36 })
  messageId!: string;

  /** 1 for the first try of this delivery, 2 for the first retry, … */
  @Column({ type: 'integer' })
  attempt!: number;

  @Column({ name: 'status_code', type: 'integer', nullable: true })
  statusCode!: number | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  error!: string | null;

  @Column({ type: 'boolean' })
  succeeded!: boolean;

  @Column({ name: 'attempted_at', type: 'varchar', length: 24 })
  attemptedAt!: string;
}
