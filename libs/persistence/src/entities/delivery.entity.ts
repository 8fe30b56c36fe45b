import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One message routed to one participant. `seq` orders a participant's inbox and is its cursor; the pair
 * (participant, message) is unique, so replaying a batch after a crash adds nothing.
 */
@Entity({ name: 'deliveries' })
@Index('UQ_deliveries_participant_message', ['participantId', 'messageId'], { unique: true })
@Index('IDX_deliveries_participant_seq', ['participantId', 'seq'])
@Index('IDX_deliveries_message', ['messageId'])
@Index('IDX_deliveries_created_at', ['createdAt'])
export class DeliveryEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  seq!: number;

  @Column({ name: 'participant_id', type: 'varchar', length: 64 })
  participantId!: string;

  @Column({ name: 'message_id', type: 'varchar', length: 36 })
  messageId!: string;

  @Column({ type: 'varchar', length: 64 })
  type!: string;

  @Column({ name: 'consignment_ref', type: 'varchar', length: 64 })
  consignmentRef!: string;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;
}
