/* Generated from schemas/api/new-signing-key.schema.json by scripts/generate-types.js. Do not edit: change the schema and run npm run types:generate. */

/**
 * `POST /v1/signing-keys`: a public key (JWK) the caller will sign its messages with: Ed25519 (`kty` OKP, alg EdDSA) or P-256 (`kty` EC, alg ES256), without a private part.
 */
export interface NewSigningKey {
  jwk: {
    [k: string]: unknown;
  };
}
