import {
  createPrivateKey,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { calculateJwkThumbprint, type JWK } from 'jose';
import type { SigningAlg } from './jws';
import type { PublicJwk } from './participant-key';

/** One of the exchange's own signing keys as its key file holds it. */
export interface ExchangeKeyRecord {
  kid: string;
  alg: 'EdDSA';
  /** Private JWK (Ed25519). */
  jwk: JWK;
  /** ISO 8601: the key signs from then… */
  notBefore: string;
  /** …until then (null: the current key). Signatures made in that window stay verifiable for good. */
  notAfter: string | null;
}

/** A public key of the exchange as `/.well-known/jwks.json` and the evidence bundles list it. */
export type ExchangeJwk = PublicJwk & {
  kid: string;
  alg: SigningAlg;
  use: 'sig';
  /** Validity, as in ExchangeKeyRecord (RFC 7517 lets a JWK carry members of its own). */
  cx_not_before: string;
  cx_not_after: string | null;
};

export interface Jwks {
  keys: ExchangeJwk[];
}

/** The exchange's keys: the current one signs, every one (old ones with their validity) is published. */
export class ExchangeKeyring {
  readonly current: { kid: string; alg: 'EdDSA'; key: KeyObject };

  constructor(private readonly records: ExchangeKeyRecord[]) {
    const live = records.filter((r) => r.notAfter === null);
    if (live.length !== 1)
      throw new Error('the signing key file must hold exactly one current key (notAfter null)');
    const r = live[0];
    this.current = {
      kid: r.kid,
      alg: r.alg,
      key: createPrivateKey({ key: r.jwk as JsonWebKey, format: 'jwk' }),
    };
  }

  jwks(): Jwks {
    return {
      keys: this.records.map((r) => ({
        kty: 'OKP',
        crv: 'Ed25519',
        x: r.jwk.x as string,
        kid: r.kid,
        alg: r.alg,
        use: 'sig',
        cx_not_before: r.notBefore,
        cx_not_after: r.notAfter,
      })),
    };
  }
}

export async function newExchangeKey(now: Date): Promise<ExchangeKeyRecord> {
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' }) as JWK;
  const kid = await calculateJwkThumbprint({ kty: jwk.kty, crv: jwk.crv, x: jwk.x } as JWK, 'sha256');
  return { kid, alg: 'EdDSA', jwk, notBefore: now.toISOString(), notAfter: null };
}

/**
 * A rotation: a new key takes over now; the current one stays valid for `graceMs` more, because running apps keep
 * signing with it until they restart and read the file again. Old keys stay listed.
 */
export async function rotated(
  records: ExchangeKeyRecord[],
  now: Date,
  graceMs = 3_600_000,
): Promise<ExchangeKeyRecord[]> {
  const at = new Date(now.getTime() + graceMs).toISOString();
  const closed = records.map((r) => (r.notAfter === null ? { ...r, notAfter: at } : r));
  return [...closed, await newExchangeKey(now)];
}

export function readKeyFile(file: string): ExchangeKeyRecord[] {
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { keys: ExchangeKeyRecord[] }).keys;
}

/** Writes the key file atomically (a reader never sees half of it), readable by its owner only. */
export function writeKeyFile(file: string, records: ExchangeKeyRecord[], exclusive = false): void {
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify({ keys: records }, null, 2), { mode: 0o600 });
  try {
    if (exclusive) fs.linkSync(tmp, file);
    else fs.renameSync(tmp, file);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/**
 * The keyring from the key file, created with a fresh key when missing (several processes may race on a fresh data
 * folder: the exclusive link lets one of them win, the others read its file).
 */
export async function loadOrCreateKeyring(file: string, now = new Date()): Promise<ExchangeKeyring> {
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      writeKeyFile(file, [await newExchangeKey(now)], true);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return new ExchangeKeyring(readKeyFile(file));
}

/** The exchange key of `kid` that was valid at `time`, as a public JWK, from a JWKS. */
export function exchangeKeyAt(jwks: Jwks, kid: string, time: string): ExchangeJwk | undefined {
  const t = Date.parse(time);
  return jwks.keys.find(
    (k) =>
      k.kid === kid &&
      Date.parse(k.cx_not_before) <= t &&
      (k.cx_not_after === null || t < Date.parse(k.cx_not_after)),
  );
}
