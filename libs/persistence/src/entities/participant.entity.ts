import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ParticipantRole } from '@cx/contracts';

@Entity({ name: 'participants' })
@Index('participants_edifact_id', ['edifactId'], { unique: true })
export class ParticipantEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: ParticipantRole;

  @Column({ type: 'varchar', length: 2 })
  country!: string;

  @Column({ type: 'simple-json' })
  locations!: string[];

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** UN/EDIFACT identity: the UNB sender id (unique) and qualifier its interchanges carry. */
  @Column({ name: 'edifact_id', type: 'varchar', length: 35, nullable: true })
  edifactId!: string | null;

  @Column({ name: 'edifact_qualifier', type: 'varchar', length: 4, nullable: true })
  edifactQualifier!: string | null;

  /** ISO 8601 UTC timestamps are stored as text so both databases sort and compare them alike. */
  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 24 })
  updatedAt!: string;
}
