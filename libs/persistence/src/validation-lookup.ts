import { DataSource, In } from 'typeorm';
import type { ParticipantKey } from '@cx/evidence';
import type { StoredVersion } from '@cx/routing';
import type { RoutedDeclaration, ValidationLookup } from '@cx/validation';
import { ConsignmentEntity } from './entities/consignment.entity';
import { MessageEntity } from './entities/message.entity';
import { SigningKeyStore } from './signing-key-store';
import { loadStoredVersions } from './stored-versions';

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
    const repo = this.ds.getRepository(MessageEntity);
    const rows = await repo.findBy({ id: In(messageIds), type: 'customs.declaration', status: 'routed' });
    if (rows.length === 0) return found;
    // A decision answers the current version: one corrected or cancelled is no longer there to decide on.
    const replaced = await repo.find({
      select: ['supersedes'],
      where: { supersedes: In(rows.map((r) => r.id)), status: 'routed' },
    });
    const gone = new Set(replaced.map((r) => r.supersedes));
    for (const row of rows.filter((r) => !gone.has(r.id))) {
      const payload = (JSON.parse(row.envelope) as { payload?: { declarationNumber?: string } }).payload;
      found.set(row.id, {
        declarationNumber: String(payload?.declarationNumber ?? ''),
        sender: row.sender,
        recipients: row.recipients ?? [],
      });
    }
    return found;
  }

  storedVersions(messageIds: string[]): Promise<Map<string, StoredVersion>> {
    return loadStoredVersions(this.ds, messageIds);
  }
}
