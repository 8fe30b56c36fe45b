/* Generated from schemas/api/evidence-bundle.schema.json by scripts/generate-types.js. Do not edit: change the schema and run npm run types:generate. */

import type { SigningKey } from './signing-key';

export type { SigningKey };

/**
 * `GET /v1/consignments/{ref}/evidence`: everything needed to check a consignment's record offline (`npm run verify -- bundle.json`): its messages as received with the senders' JWS and the exchange's receipts, the senders' keys, the chain's segments from each of the consignment's entries to the nearest head the exchange signed (other consignments' entries without their bodies), those heads, and the exchange's public keys. Format cx-evidence/2: a bundle holds a few seconds of traffic around each of its consignment's entries, not the chain from its first entry to the end (cx-evidence/1).
 */
export interface EvidenceBundle {
  format: 'cx-evidence/2';
  /**
   * The reference every message about one consignment carries.
   */
  consignmentRef: string;
  generatedAt: string;
  messages: {
    id: string;
    /**
     * The envelope's bytes exactly as received (an ack's as sent); empty when `pruned`
     */
    envelope: string;
    /**
     * The body was pruned under the exchange's retention policy (README "Retention"): its chain entry still records its SHA-256, sender, recipients and signature; the verifier reports "body pruned under the retention policy"
     */
    pruned?: true;
    /**
     * The sender's JWS (detached payload: the envelope's bytes, or those of `interchange`)
     */
    jws: string | null;
    /**
     * For a message translated from a signed UN/EDIFACT interchange: that interchange's bytes, base64. The sender's JWS covers them; their SHA-256 is the entry's and the receipt's `interchange`
     */
    interchange?: string;
    /**
     * The exchange's signed receipt: a JWS over {messageId, contentHash, sender, receivedAt, recipients, outcome, signedAt}
     */
    receipt: string | null;
  }[];
  participantKeys: SigningKey[];
  /**
   * The segments' entries in seq order: each segment runs from one of the consignment's entries to the entry a head vouches for; between two segments seqs jump
   */
  chain: {
    seq: number;
    prevHash: string;
    bodyHash: string;
    hash: string;
    /**
     * The entry's body (this consignment's entries only): messageId, consignmentRef, type, sender, recipients, contentHash, receivedAt, recordedAt, jws, and interchange (SHA-256 of a signed EDIFACT interchange) when there is one
     */
    body?: {
      [k: string]: unknown;
    };
  }[];
  /**
   * The exchange's JWS over {seq, hash, signedAt} of entries of the chain, at least one closing each segment: heads the router signed every few seconds while the chain grew, and one signed when the bundle was made for entries no such head covers yet
   */
  heads: string[];
  /**
   * The exchange's JWKS, as /.well-known/jwks.json serves it
   */
  exchangeKeys: {
    [k: string]: unknown;
  };
}
