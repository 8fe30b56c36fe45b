import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A signed UN/EDIFACT interchange exactly as received, kept because its sender's JWS covers these bytes, not the
 * envelope the exchange translated from them: the evidence bundle carries them for the verifier. Written by the door
 * that accepted it (first writer wins), named by its SHA-256 from the message row, chain entry and receipt.
 */
@Entity({ name: 'signed_interchanges' })
export class SignedInterchangeEntity {
  /** SHA-256 (hex) of the bytes. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  sha256!: string;

  /** The participant that sent it (the API key's or the inbound topic's). */
  @Column({ type: 'varchar', length: 64 })
  sender!: string;

  /** The bytes, base64: any character set the interchange declares, the same column type on both databases. */
  @Column({ type: 'text' })
  bytes!: string;

  @Column({ name: 'received_at', type: 'varchar', length: 24 })
  receivedAt!: string;
}
