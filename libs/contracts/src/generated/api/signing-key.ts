/* Generated from schemas/api/signing-key.schema.json by scripts/generate-types.js. Do not edit: change the schema and run npm run types:generate. */

/**
 * A participant's public signing key. `kid` (the key's RFC 7638 SHA-256 thumbprint, assigned by the exchange) is what a JWS's header names. A revoked key verifies no message received from `revokedAt` on; it is kept for the signatures made before.
 */
export interface SigningKey {
  kid: string;
  /**
   * Id of a participant of the exchange: country code, then hyphen-separated parts of capital letters and digits.
   */
  participantId: string;
  alg: 'EdDSA' | 'ES256';
  /**
   * The public JWK as registered (public members only)
   */
  jwk: {
    [k: string]: unknown;
  };
  createdAt: string;
  revokedAt: string | null;
}
