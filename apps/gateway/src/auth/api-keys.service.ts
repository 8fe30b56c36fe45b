import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { Caller, issueApiKey, parseApiKey, tokensEqual, VerifiedKeys, verifySecret } from '@cx/auth';
import { resolveAdminToken, SETTINGS, Settings } from '@cx/config';
import { ApiKeyEntity, CachedParticipantDirectory } from '@cx/persistence';

/** Resolves bearer tokens to callers, and issues and revokes participants' keys. */
@Injectable()
export class ApiKeysService {
  private readonly adminToken: string;
  private readonly verified = new VerifiedKeys();

  constructor(
    @Inject(SETTINGS) settings: Settings,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly participants: CachedParticipantDirectory,
  ) {
    this.adminToken = resolveAdminToken(settings).token;
  }

  private get keys() {
    return this.ds.getRepository(ApiKeyEntity);
  }

  /** The caller a bearer token stands for; undefined for a missing, malformed, wrong or revoked one, or an inactive owner. */
  async resolve(token: string): Promise<Caller | undefined> {
    if (tokensEqual(token, this.adminToken)) return { kind: 'admin' };
    const parsed = parseApiKey(token);
    if (!parsed) return undefined;
    let entry = this.verified.get(token);
    if (!entry) {
      const row = await this.keys.findOneBy({ id: parsed.keyId, revokedAt: IsNull() });
      if (!row || !(await verifySecret(parsed.secret, row.secretHash))) return undefined;
      this.verified.remember(token, row.id, row.participantId);
      entry = this.verified.get(token)!;
    }
    await this.participants.ensureFresh([entry.participantId]);
    const participant = this.participants.get(entry.participantId);
    // A deactivated participant's keys stop working with it: it reads nothing more, by any channel.
    return participant?.active ? { kind: 'participant', participant, keyId: entry.keyId } : undefined;
  }

  async issue(participantId: string): Promise<{ keyId: string; apiKey: string }> {
    const key = await issueApiKey();
    await this.keys.insert({
      id: key.keyId,
      participantId,
      secretHash: key.secretHash,
      createdAt: new Date().toISOString(),
      revokedAt: null,
    });
    return { keyId: key.keyId, apiKey: key.apiKey };
  }

  list(participantId: string) {
    return this.keys.find({ where: { participantId }, order: { createdAt: 'ASC' } });
  }

  /** Revokes a key: false when the participant has no such key. */
  async revoke(participantId: string, keyId: string): Promise<boolean> {
    const row = await this.keys.findOneBy({ id: keyId, participantId });
    if (!row) return false;
    if (!row.revokedAt) await this.keys.update({ id: keyId }, { revokedAt: new Date().toISOString() });
    this.verified.forget(keyId);
    return true;
  }
}
