import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One entry of the evidence chain (libs/evidence ChainEntry); rows are only ever appended. */
@Entity({ name: 'chain_entries' })
export class ChainEntryEntity {
  @PrimaryColumn({ type: 'integer' })
  seq!: number;

  @Index('UQ_chain_entries_message', { unique: true })
  @Column({ name: 'message_id', type: 'varchar', length: 36 })
  messageId!: string;

  @Index()
  @Column({ name: 'consignment_ref', type: 'varchar', length: 64 })
  consignmentRef!: string;

  @Column({ name: 'prev_hash', type: 'varchar', length: 64 })
  prevHash!: string;

  @Column({ name: 'body_hash', type: 'varchar', length: 64 })
  bodyHash!: string;

  @Column({ type: 'varchar', length: 64 })
  hash!: string;

  /** The ChainEntryBody as JSON. */
  @Column({ type: 'text' })
  body!: string;
}
