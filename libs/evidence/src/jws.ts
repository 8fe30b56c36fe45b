import {
  CompactSign,
  compactVerify,
  decodeProtectedHeader,
  FlattenedSign,
  flattenedVerify,
  type KeyLike,
} from 'jose';

/** The algorithms the exchange accepts, one per key type it registers. */
export type SigningAlg = 'EdDSA' | 'ES256';

/** The `kid` of a compact JWS's protected header, or undefined when the header is unreadable or has none. */
export function kidOf(jws: string): string | undefined {
  try {
    const kid = decodeProtectedHeader(jws).kid;
    return typeof kid === 'string' ? kid : undefined;
  } catch {
    return undefined;
  }
}

const DETACHED = /^([A-Za-z0-9_-]+)\.\.([A-Za-z0-9_-]+)$/;

/** Signs `payload` as a compact JWS with detached payload (RFC 7515 appendix F): `header..signature`. */
export async function signDetached(
  payload: Uint8Array,
  key: KeyLike,
  header: { alg: SigningAlg; kid: string },
): Promise<string> {
  const jws = await new FlattenedSign(payload).setProtectedHeader(header).sign(key);
  return `${jws.protected}..${jws.signature}`;
}

/** Whether `jws` (detached) is a valid signature of exactly `payload` by `key` with `alg`. */
export async function verifyDetached(
  jws: string,
  payload: Uint8Array,
  key: KeyLike,
  alg: SigningAlg,
): Promise<boolean> {
  const parts = DETACHED.exec(jws);
  if (!parts) return false;
  try {
    await flattenedVerify(
      { protected: parts[1], payload: Buffer.from(payload).toString('base64url'), signature: parts[2] },
      key,
      { algorithms: [alg] },
    );
    return true;
  } catch {
    return false;
  }
}

/** A compact JWS carrying `claims` as RFC 8785 JSON: receipts and chain heads. */
export async function signClaims(
  claims: string,
  key: KeyLike,
  header: { alg: SigningAlg; kid: string },
): Promise<string> {
  return new CompactSign(Buffer.from(claims)).setProtectedHeader(header).sign(key);
}

/** The claims of a compact JWS if `key` signed it, else undefined. */
export async function verifiedClaims(
  jws: string,
  key: KeyLike,
  alg: SigningAlg,
): Promise<Record<string, unknown> | undefined> {
  try {
    const { payload } = await compactVerify(jws, key, { algorithms: [alg] });
    return JSON.parse(Buffer.from(payload).toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
