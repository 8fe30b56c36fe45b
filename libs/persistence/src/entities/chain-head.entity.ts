import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A chain head the exchange signed (libs/evidence HeadClaims): at least once a minute while the chain grows. */
@Entity({ name: 'chain_heads' })
export class ChainHeadEntity {
  /** The seq of the entry it signs. */
  @PrimaryColumn({ type: 'integer' })
  seq!: number;

  /** The compact JWS. */
  @Column({ type: 'text' })
  jws!: string;
}
