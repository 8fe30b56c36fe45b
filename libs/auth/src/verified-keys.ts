import { createHash } from 'node:crypto';

interface Entry {
  keyId: string;
  participantId: string;
  expires: number;
}

/**
 * Keys verified lately, by SHA-256 of the presented key, so a request does not pay the slow hash each time. Bounded,
 * short-lived, and revocation evicts a key's entry at once in this process.
 */
export class VerifiedKeys {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs = 60_000,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  private static digest(apiKey: string): string {
    return createHash('sha256').update(apiKey).digest('hex');
  }

  get(apiKey: string): Entry | undefined {
    const digest = VerifiedKeys.digest(apiKey);
    const e = this.entries.get(digest);
    if (!e) return undefined;
    if (e.expires <= this.now()) {
      this.entries.delete(digest);
      return undefined;
    }
    return e;
  }

  remember(apiKey: string, keyId: string, participantId: string): void {
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(VerifiedKeys.digest(apiKey), { keyId, participantId, expires: this.now() + this.ttlMs });
  }

  forget(keyId: string): void {
    for (const [digest, e] of this.entries) if (e.keyId === keyId) this.entries.delete(digest);
  }
}

/**
 * Keys that failed their check lately, by SHA-256 of the presented key: the same wrong key again is refused without
 * hashing. Short-lived and bounded; a key id is never reissued, so a refused key cannot become a good one.
 */
export class RefusedKeys {
  private readonly entries = new Map<string, number>();

  constructor(
    private readonly ttlMs = 30_000,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  has(apiKey: string): boolean {
    const digest = createHash('sha256').update(apiKey).digest('hex');
    const expires = this.entries.get(digest);
    if (expires === undefined) return false;
    if (expires > this.now()) return true;
    this.entries.delete(digest);
    return false;
  }

  remember(apiKey: string): void {
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(createHash('sha256').update(apiKey).digest('hex'), this.now() + this.ttlMs);
  }
}
