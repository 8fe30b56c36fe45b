import { randomBytes, randomUUID, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb) as (
  secret: string,
  salt: Buffer,
  len: number,
  opts: object,
) => Promise<Buffer>;

/** scrypt cost: ~50 ms a hash here; the verification cache keeps requests from paying it each time. */
const N = 16384;
const R = 8;
const P = 1;
const KEY_LEN = 32;

export interface IssuedKey {
  keyId: string;
  /** Shown once to the participant; never stored. */
  apiKey: string;
  secretHash: string;
}

const KEY_FORMAT = /^cx_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;

/** `cx_<keyId>_<secret>`: the key id lets the exchange find the hash to check without scanning. */
export function parseApiKey(apiKey: string): { keyId: string; secret: string } | undefined {
  const m = KEY_FORMAT.exec(apiKey);
  return m ? { keyId: m[1], secret: m[2] } : undefined;
}

export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(secret, salt, KEY_LEN, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

export async function verifySecret(secret: string, encoded: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = encoded.split('$');
  if (scheme !== 'scrypt' || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scrypt(secret, Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return timingSafeEqual(actual, expected);
}

/**
 * A hash of no key, in the same format and cost as real ones: an unknown or revoked key id is checked against it, so
 * the answer takes as long as for a known key id with a wrong secret and does not tell which key ids exist.
 */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashSecret(randomBytes(32).toString('base64url'));
  return decoy;
}

export async function issueApiKey(): Promise<IssuedKey> {
  const keyId = randomUUID().replace(/-/g, '');
  const secret = randomBytes(32).toString('base64url');
  return { keyId, apiKey: `cx_${keyId}_${secret}`, secretHash: await hashSecret(secret) };
}

/** Compares two tokens in constant time (for equal lengths; the length itself is not secret). */
export function tokensEqual(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
