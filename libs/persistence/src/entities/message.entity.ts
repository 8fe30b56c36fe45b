import type { Violation } from '@cx/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type MessageStatus = 'accepted' | 'routed' | 'rejected';

/** One message the exchange received, with its outcome (contract section 5). */
@Entity({ name: 'messages' })
@Index(['consignmentRef', 'receivedAt'])
@Index('IDX_messages_type_received_at', ['type', 'receivedAt'])
@Index('IDX_messages_sender_received_at', ['sender', 'receivedAt', 'type'])
@Index('IDX_messages_received_at_id', ['receivedAt', 'id'])
export class MessageEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  type!: string;

  @Column({ type: 'varchar', length: 16 })
  version!: string;

  @Column({ type: 'varchar', length: 64 })
  sender!: string;

  @Column({ name: 'consignment_ref', type: 'varchar', length: 64 })
  consignmentRef!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: MessageStatus;

  @Column({ name: 'received_at', type: 'varchar', length: 24 })
  receivedAt!: string;

  /** SHA-256 of the envelope as received: tells an identical replay from a conflicting one. */
  @Column({ name: 'content_hash', type: 'varchar', length: 64 })
  contentHash!: string;

  /** The envelope as received; blank once pruned under the retention policy (retention-store.ts). */
  @Column({ type: 'text' })
  envelope!: string;

  @Column({ type: 'simple-json', nullable: true })
  errors!: Violation[] | null;

  @Column({ type: 'simple-json', nullable: true })
  recipients!: string[] | null;

  @Index('IDX_messages_correlation_id')
  @Column({ name: 'correlation_id', type: 'varchar', length: 128, nullable: true })
  correlationId!: string | null;

  /** The message this one replaces: a correction's `supersedes`, a cancellation's `payload.cancels` (standard 1.2). */
  @Index('IDX_messages_supersedes')
  @Column({ type: 'varchar', length: 36, nullable: true })
  supersedes!: string | null;

  /**
   * `topic:partition:offset` of the pipeline record this row's outcome was decided from: for a routed message, or one
   * the router refused, the `cx.validated` record it routed; for a message the validator rejected, its `cx.inbound`
   * record; for an ack, the record of the message it answers. Null while a message is only accepted (the gateway's
   * row, before the router routes it). The router routes an id again only from this same record (a crash's replay),
   * never from another record with the same message (a producer's retry). Rows are built in message-rows.ts.
   */
  @Column({ name: 'routed_from', type: 'varchar', length: 200, nullable: true })
  routedFrom!: string | null;

  /** When the router routed it (null until then, and for rejected messages): receivedAt to routedAt is the latency. */
  @Column({ name: 'routed_at', type: 'varchar', length: 24, nullable: true })
  routedAt!: string | null;

  /**
   * The sender's detached JWS, when it sent one: over `envelope`, or, for a message that came in a signed EDIFACT
   * interchange, over that interchange's bytes (`interchange`).
   */
  @Column({ type: 'text', nullable: true })
  jws!: string | null;

  /** SHA-256 of the signed EDIFACT interchange the message was translated from (table signed_interchanges). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  interchange!: string | null;

  /** The exchange's signed receipt (for an ack: that of the message it answers); null before routing. */
  @Column({ type: 'text', nullable: true })
  receipt!: string | null;
}
