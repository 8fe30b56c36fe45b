import { decodeProtectedHeader, importJWK, type JWK, type KeyLike } from 'jose';
import { exchangeKeyAt, type Jwks } from './exchange-keys';
import { verifiedClaims } from './jws';

/**
 * The claims of a JWS of the exchange (a receipt or a chain head) if a key of `jwks` that was valid at the claimed
 * `signedAt` signed it; otherwise why not.
 */
export async function exchangeClaims(
  jws: string,
  jwks: Jwks,
): Promise<{ claims: Record<string, unknown> } | { error: string }> {
  let kid: unknown;
  let signedAt: unknown;
  try {
    kid = decodeProtectedHeader(jws).kid;
    signedAt = (
      JSON.parse(Buffer.from(jws.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
        signedAt?: unknown;
      }
    ).signedAt;
  } catch {
    return { error: 'not a readable JWS' };
  }
  if (typeof kid !== 'string' || typeof signedAt !== 'string') return { error: 'no kid or signedAt' };
  const jwk = exchangeKeyAt(jwks, kid, signedAt);
  if (!jwk) return { error: `no exchange key ${kid} valid at ${signedAt} in the JWKS` };
  const key = (await importJWK(jwk as unknown as JWK, jwk.alg)) as KeyLike;
  const claims = await verifiedClaims(jws, key, jwk.alg);
  return claims ? { claims } : { error: `the signature does not verify with exchange key ${kid}` };
}
