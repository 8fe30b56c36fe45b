import type { ParticipantKey } from '@cx/evidence';
import { DataSource, In, IsNull } from 'typeorm';
import { bulkInsert } from './bulk-write';
import { SigningKeyEntity } from './entities/signing-key.entity';

/** Participants' public signing keys: registered, listed, revoked (never deleted: old signatures need them). */
export class SigningKeyStore {
  constructor(private readonly ds: DataSource) {}

  private get repo() {
    return this.ds.getRepository(SigningKeyEntity);
  }

  /** Registers a key; false when its kid was registered already (by anyone: the first registration wins). */
  async register(key: ParticipantKey): Promise<boolean> {
    await bulkInsert(this.ds.manager, SigningKeyEntity, [key], 'ignore');
    const row = await this.repo.findOneBy({ kid: key.kid });
    return row?.createdAt === key.createdAt && row.participantId === key.participantId;
  }

  /** A participant's keys (every participant's for undefined), oldest first. */
  list(participantId?: string): Promise<SigningKeyEntity[]> {
    return this.repo.find({
      where: participantId === undefined ? {} : { participantId },
      order: { createdAt: 'ASC', kid: 'ASC' },
    });
  }

  find(kid: string): Promise<SigningKeyEntity | null> {
    return this.repo.findOneBy({ kid });
  }

  /** Revokes a key from `at` on; a key revoked already keeps its first revocation time. */
  async revoke(kid: string, at: string): Promise<void> {
    await this.repo.update({ kid, revokedAt: IsNull() }, { revokedAt: at });
  }

  async byKids(kids: string[]): Promise<Map<string, ParticipantKey>> {
    const unique = [...new Set(kids)].filter((k) => k.length > 0 && k.length <= 64);
    if (unique.length === 0) return new Map();
    const rows = await this.repo.findBy({ kid: In(unique) });
    return new Map(rows.map((r) => [r.kid, { ...r }]));
  }
}
