import type { PublicJwk, SigningAlg } from '@cx/evidence';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A participant's public signing key (libs/evidence ParticipantKey); kept after revocation for old signatures. */
@Entity({ name: 'signing_keys' })
export class SigningKeyEntity {
  /** RFC 7638 thumbprint of the key. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  kid!: string;

  @Index()
  @Column({ name: 'participant_id', type: 'varchar', length: 64 })
  participantId!: string;

  @Column({ type: 'varchar', length: 8 })
  alg!: SigningAlg;

  @Column({ type: 'simple-json' })
  jwk!: PublicJwk;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;

  @Column({ name: 'revoked_at', type: 'varchar', length: 24, nullable: true })
  revokedAt!: string | null;
}
