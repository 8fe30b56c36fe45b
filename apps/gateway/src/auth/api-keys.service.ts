import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import {
  Caller,
  decoyHash,
  issueApiKey,
  KeyCheckThrottle,
  parseApiKey,
  RefusedKeys,
  tokensEqual,
  VerifiedKeys,
  verifySecret,
} from '@cx/auth';
import { resolveAdminToken, SETTINGS, Settings } from '@cx/config';
import { CachedParticipantDirectory } from '@cx/participants';
import { ApiKeyEntity } from '@cx/persistence';
import { problems } from '../problem';

/** Resolves bearer tokens to callers, and issues and revokes participants' keys. */
@Injectable()
export class ApiKeysService {
  private readonly adminToken: string;
  private readonly verified = new VerifiedKeys();
  private readonly refused = new RefusedKeys();
  private readonly throttle = new KeyCheckThrottle();
  /** Checks in flight by presented key: a client's concurrent first requests share one hash (and one admission). */
  private readonly checking = new Map<string, ReturnType<ApiKeysService['check']>>();

  constructor(
    @Inject(SETTINGS) settings: Settings,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly participants: CachedParticipantDirectory,
  ) {
    this.adminToken = resolveAdminToken(settings).token;
    // Computed now, so the first unknown key id is not told apart by the time the decoy takes to make.
    void decoyHash();
  }

  private get keys() {
    return this.ds.getRepository(ApiKeyEntity);
  }

  /**
   * The caller a bearer token stands for; undefined for a missing, malformed, wrong or revoked one, or an inactive
   * owner. A key not verified lately costs a slow hash: those checks are throttled per key id and per client address
   * (a 429 problem), and an unknown key id costs the same hash as a known one.
   */
  async resolve(token: string, address: string): Promise<Caller | undefined> {
    if (tokensEqual(token, this.adminToken)) return { kind: 'admin' };
    const parsed = parseApiKey(token);
    if (!parsed || this.refused.has(token)) return undefined;
    const entry = this.verified.get(token) ?? (await this.checkOnce(token, parsed, address));
    if (!entry) return undefined;
    await this.participants.ensureFresh([entry.participantId]);
    const participant = this.participants.get(entry.participantId);
    // A deactivated participant's keys stop working with it: it reads nothing more, by any channel.
    return participant?.active ? { kind: 'participant', participant, keyId: entry.keyId } : undefined;
  }

  private checkOnce(token: string, key: { keyId: string; secret: string }, address: string) {
    let pending = this.checking.get(token);
    if (!pending) {
      pending = this.check(token, key, address).finally(() => this.checking.delete(token));
      this.checking.set(token, pending);
    }
    return pending;
  }

  private async check(token: string, key: { keyId: string; secret: string }, address: string) {
    const admission = this.throttle.admit(key.keyId, address);
    if (!admission.admitted) throw problems.rateLimited(admission.retryAfterS);
    try {
      const row = await this.keys.findOneBy({ id: key.keyId, revokedAt: IsNull() });
      const matches = await verifySecret(key.secret, row?.secretHash ?? (await decoyHash()));
      if (!row || !matches) {
        this.throttle.failed(key.keyId, address);
        this.refused.remember(token);
        return undefined;
      }
      this.verified.remember(token, row.id, row.participantId);
      return this.verified.get(token);
    } finally {
      admission.release();
    }
  }

  /** Whether a key still stands (not revoked, its owner active): what an open event stream checks again and again. */
  async stillValid(participantId: string, keyId: string): Promise<boolean> {
    await this.participants.ensureFresh([participantId]);
    if (!this.participants.get(participantId)?.active) return false;
    return (await this.keys.countBy({ id: keyId, participantId, revokedAt: IsNull() })) > 0;
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
