/** How many failed or concurrent key checks are allowed before the exchange answers 429 without checking. */
export interface KeyCheckLimits {
  /** Failed checks of one key id from one client address within a window. */
  failuresPerKey: number;
  /** Failed checks from one client address within a window. */
  failuresPerAddress: number;
  windowMs: number;
  /** Checks (slow hashes) running at once for one client address, and for one key id from one address. */
  inFlightPerAddress: number;
  inFlightPerKey: number;
  /** Checks running at once in the whole process: the hash runs on libuv's four threads, shared with everything else. */
  inFlightTotal: number;
  /** Keeps the map of windows bounded whatever the number of key ids and addresses tried. */
  maxTracked: number;
}

export const DEFAULT_KEY_CHECK_LIMITS: KeyCheckLimits = {
  failuresPerKey: 10,
  failuresPerAddress: 30,
  windowMs: 60_000,
  inFlightPerAddress: 2,
  inFlightPerKey: 1,
  inFlightTotal: 3,
  maxTracked: 50_000,
};

/**
 * A key id's budgets are counted per client address: counted per key id alone, anyone who knows a key id (it is not
 * secret) could exhaust them from elsewhere and lock its owner out. The secret is far too long to guess, so the budgets
 * only need to bound the hashing each address can cause.
 */
const keyOf = (keyId: string, address: string) => `k:${keyId}@${address}`;

export type Admission = { admitted: true; release: () => void } | { admitted: false; retryAfterS: number };

interface Window {
  failures: number;
  resetsAt: number;
}

/**
 * Guards the slow hash of API-key checks (the cache of verified keys spares it to callers that already proved their
 * key). A check is admitted only while its key id and its client address are under their failure budgets and the
 * number of checks in flight is under the bounds; otherwise it is refused before any hashing, with the time to wait.
 * Key ids are counted the same whether or not they exist, so the answers do not tell them apart.
 */
export class KeyCheckThrottle {
  private readonly windows = new Map<string, Window>();
  private readonly inFlight = new Map<string, number>();
  private total = 0;

  constructor(
    private readonly limits: KeyCheckLimits = DEFAULT_KEY_CHECK_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  admit(keyId: string, address: string): Admission {
    const key = keyOf(keyId, address);
    const addr = `a:${address}`;
    const wait = Math.max(
      this.waitFor(key, this.limits.failuresPerKey),
      this.waitFor(addr, this.limits.failuresPerAddress),
    );
    if (wait > 0) return { admitted: false, retryAfterS: Math.ceil(wait / 1000) };
    const busy =
      this.total >= this.limits.inFlightTotal ||
      (this.inFlight.get(key) ?? 0) >= this.limits.inFlightPerKey ||
      (this.inFlight.get(addr) ?? 0) >= this.limits.inFlightPerAddress;
    if (busy) return { admitted: false, retryAfterS: 1 };
    this.total++;
    this.bump(key, 1);
    this.bump(addr, 1);
    let released = false;
    return {
      admitted: true,
      release: () => {
        if (released) return;
        released = true;
        this.total--;
        this.bump(key, -1);
        this.bump(addr, -1);
      },
    };
  }

  /** A check that found the key unknown, revoked or the secret wrong: it counts against both budgets. */
  failed(keyId: string, address: string): void {
    for (const k of [keyOf(keyId, address), `a:${address}`]) {
      const w = this.current(k);
      if (w) w.failures++;
      else {
        if (this.windows.size >= this.limits.maxTracked) this.evictOne();
        this.windows.set(k, { failures: 1, resetsAt: this.now() + this.limits.windowMs });
      }
    }
  }

  /** Milliseconds until the budget of `k` allows a check again (0: it does now). */
  private waitFor(k: string, budget: number): number {
    const w = this.current(k);
    return w && w.failures >= budget ? w.resetsAt - this.now() : 0;
  }

  private current(k: string): Window | undefined {
    const w = this.windows.get(k);
    if (w && w.resetsAt <= this.now()) {
      this.windows.delete(k);
      return undefined;
    }
    return w;
  }

  private bump(k: string, by: number): void {
    const n = (this.inFlight.get(k) ?? 0) + by;
    if (n <= 0) this.inFlight.delete(k);
    else this.inFlight.set(k, n);
  }

  private evictOne(): void {
    const oldest = this.windows.keys().next().value;
    if (oldest !== undefined) this.windows.delete(oldest);
  }
}
