import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What the exchange knows of one consignment: its owner, its parties (from its notes) and its last transport event. */
@Entity({ name: 'consignments' })
export class ConsignmentEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  ref!: string;

  /** The sender of the note that opened it: only its notes shape the consignment (null until a note is seen). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  owner!: string | null;

  @Column({ type: 'simple-json' })
  parties!: string[];

  @Column({ name: 'last_event', type: 'simple-json', nullable: true })
  lastEvent!: Record<string, unknown> | null;

  @Column({ name: 'updated_at', type: 'varchar', length: 24 })
  updatedAt!: string;
}
