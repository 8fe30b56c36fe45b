import { calculateJwkThumbprint, importJWK, type JWK, type KeyLike } from 'jose';
import type { SigningAlg } from './jws';

/** A participant's public signing key as the exchange records it; `kid` is the key's RFC 7638 thumbprint. */
export interface ParticipantKey {
  kid: string;
  participantId: string;
  alg: SigningAlg;
  jwk: PublicJwk;
  /** ISO 8601: from when it verifies messages. */
  createdAt: string;
  /** ISO 8601: from when it no longer does (messages received before still verify); null while in use. */
  revokedAt: string | null;
}

export type PublicJwk =
  { kty: 'OKP'; crv: 'Ed25519'; x: string } | { kty: 'EC'; crv: 'P-256'; x: string; y: string };

const B64URL = /^[A-Za-z0-9_-]+$/;

/**
 * The public key in a registration, reduced to its public members, with its algorithm; or why it is refused.
 * Ed25519 (`EdDSA`) and P-256 (`ES256`) only; a JWK with a private part (`d`) is refused so nobody posts a secret.
 */
export async function readPublicJwk(
  input: unknown,
): Promise<{ jwk: PublicJwk; alg: SigningAlg; kid: string } | { error: string }> {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return { error: 'must be a JWK object' };
  const j = input as Record<string, unknown>;
  if ('d' in j) return { error: 'must be a public key: remove the private member `d`' };
  const str = (v: unknown, len: number) => typeof v === 'string' && v.length === len && B64URL.test(v);
  let jwk: PublicJwk;
  let alg: SigningAlg;
  if (j.kty === 'OKP' && j.crv === 'Ed25519' && str(j.x, 43)) {
    jwk = { kty: 'OKP', crv: 'Ed25519', x: j.x as string };
    alg = 'EdDSA';
  } else if (j.kty === 'EC' && j.crv === 'P-256' && str(j.x, 43) && str(j.y, 43)) {
    jwk = { kty: 'EC', crv: 'P-256', x: j.x as string, y: j.y as string };
    alg = 'ES256';
  } else {
    return { error: 'must be an Ed25519 (kty OKP) or P-256 (kty EC) public JWK' };
  }
  if (j.alg !== undefined && j.alg !== alg) return { error: `alg must be ${alg} for this key type` };
  if (!(await importPublic(jwk, alg))) return { error: 'is not a valid point of its curve' };
  return { jwk, alg, kid: await calculateJwkThumbprint(jwk as JWK, 'sha256') };
}

export async function importPublic(jwk: PublicJwk, alg: SigningAlg): Promise<KeyLike | undefined> {
  try {
    return (await importJWK(jwk as JWK, alg)) as KeyLike;
  } catch {
    return undefined;
  }
}

/** Whether the key verified messages at `time` (ISO 8601): registered by then, not yet revoked. */
export function keyValidAt(key: Pick<ParticipantKey, 'createdAt' | 'revokedAt'>, time: string): boolean {
  const t = Date.parse(time);
  return Date.parse(key.createdAt) <= t && (key.revokedAt === null || t < Date.parse(key.revokedAt));
}

/** Whether a recorded key is what its kid says (a key swapped in the database has another thumbprint). */
export async function kidMatches(key: Pick<ParticipantKey, 'kid' | 'jwk'>): Promise<boolean> {
  return (await calculateJwkThumbprint(key.jwk as JWK, 'sha256')) === key.kid;
}
