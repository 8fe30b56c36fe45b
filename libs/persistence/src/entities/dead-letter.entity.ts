import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A record that was not even an envelope, kept with the reason so an admin can inspect and replay it. */
@Entity({ name: 'dead_letters' })
export class DeadLetterEntity {
  /** `<topic>:<partition>:<offset>` of the original record: the same record is never dead-lettered twice. */
  @PrimaryColumn({ type: 'varchar', length: 200 })
  id!: string;

  @Column({ type: 'text' })
  reason!: string;

  /** The record's value as UTF-8 text (or base64 when it is not valid UTF-8). */
  @Column({ type: 'text' })
  value!: string;

  @Column({ name: 'record_key', type: 'varchar', length: 256, nullable: true })
  recordKey!: string | null;

  @Index()
  @Column({ name: 'received_at', type: 'varchar', length: 24 })
  receivedAt!: string;

  @Column({ name: 'replayed_at', type: 'varchar', length: 24, nullable: true })
  replayedAt!: string | null;

  /** How often an admin re-produced it to the inbound topic. */
  @Column({ name: 'replay_count', type: 'integer', default: 0 })
  replayCount!: number;

  /** The dead letter this record was a replay of, when it failed again. */
  @Column({ name: 'replay_of', type: 'varchar', length: 200, nullable: true })
  replayOf!: string | null;
}
