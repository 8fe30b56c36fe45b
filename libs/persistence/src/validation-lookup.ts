import { DataSource, In } from 'typeorm';
import type { ParticipantKey } from '@cx/evidence';
import type { RoutedDeclaration, ValidationLookup } from '@cx/validation';
import { ConsignmentEntity } from './entities/consignment.entity';
import { MessageEntity } from './entities/message.entity';
import { SigningKeyStore } from './signing-key-store';

/** What stateful validation (libs/validation) asks the database. */
export class StoredValidationLookup implements ValidationLookup {
  private readonly keys: SigningKeyStore;

  constructor(private readonly ds: DataSource) {
    this.keys = new SigningKeyStore(ds);
  }

  signingKeys(kids: string[]): Promise<Map<string, ParticipantKey>> {
    return this.keys.byKids(kids);
  }

  async consignmentOwners(refs: string[]): Promise<Map<string, string>> {
    if (refs.length === 0) return new Map();
    const rows = await this.ds.getRepository(ConsignmentEntity).findBy({ ref: In(refs) });
    return new Map(rows.filter((r) => r.owner).map((r) => [r.ref, r.owner!]));
  }

  async routedDeclarations(messageIds: string[]): Promise<Map<string, RoutedDeclaration>> {
    const found = new Map<string, RoutedDeclaration>();
    if (messageIds.length === 0) return found;
    const rows = await this.ds
      .getRepository(MessageEntity)
      .findBy({ id: In(messageIds), type: 'customs.declaration', status: 'routed' });
    for (const row of rows) {
      const payload = (JSON.parse(row.envelope) as { payload?: { declarationNumber?: string } }).payload;
      found.set(row.id, {
        declarationNumber: String(payload?.declarationNumber ?? ''),
        sender: row.sender,
        recipients: row.recipients ?? [],
      });
    }
    return found;
  }
}
