import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A secret of the exchange, created once by a migration and read by the apps that need it; shown by no API. Today one:
 * `edifact-ids`, the key inbound EDIFACT messages' ids are derived with (libs/edifact envelope-id.ts).
 */
@Entity({ name: 'exchange_secrets' })
export class ExchangeSecretEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name!: string;

  /** Hex. */
  @Column({ type: 'text' })
  value!: string;

  @Column({ name: 'created_at', type: 'varchar', length: 24 })
  createdAt!: string;
}
