import { DataSource } from 'typeorm';
import { ExchangeSecretEntity } from './entities/exchange-secret.entity';

/** The name of the secret inbound EDIFACT ids are derived with (created by migration 1764006000000). */
export const EDIFACT_ID_SECRET = 'edifact-ids';

/** The exchange's secrets, read once per app: they are created by a migration and never change. */
export class ExchangeSecretStore {
  private readonly loaded = new Map<string, Promise<Buffer>>();

  constructor(private readonly ds: DataSource) {}

  /** The secret of that name; a missing one is a deployment whose migrations did not run, and fails loudly. */
  secret(name: string): Promise<Buffer> {
    let secret = this.loaded.get(name);
    if (!secret) {
      secret = this.read(name);
      this.loaded.set(name, secret);
      // A failed read (the database down) is tried again next time, not remembered.
      secret.catch(() => this.loaded.delete(name));
    }
    return secret;
  }

  private async read(name: string): Promise<Buffer> {
    const row = await this.ds.getRepository(ExchangeSecretEntity).findOneBy({ name });
    if (!row) throw new Error(`the exchange secret ${name} is missing: run the migrations`);
    return Buffer.from(row.value, 'hex');
  }
}
