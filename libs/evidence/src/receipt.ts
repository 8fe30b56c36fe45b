import { canonicalJson } from './canonical-json';
import type { ExchangeKeyring } from './exchange-keys';
import { signClaims } from './jws';

/**
 * What the exchange attests of a message it decided on, signed once per message and carried by its ack and by each
 * of its deliveries (header `cx-receipt`): these bytes, from this sender, received then, routed to these recipients.
 */
export interface ReceiptClaims {
  messageId: string;
  /** SHA-256 (hex) of the message's bytes as received. */
  contentHash: string;
  sender: string;
  receivedAt: string;
  recipients: string[];
  outcome: 'accepted' | 'rejected';
  /** SHA-256 (hex) of the signed EDIFACT interchange the message was translated from, when it came in one. */
  interchange?: string;
  /** When the exchange signed it (its key must be valid then). */
  signedAt: string;
}

export function signReceipt(keyring: ExchangeKeyring, claims: ReceiptClaims): Promise<string> {
  const { key, kid, alg } = keyring.current;
  return signClaims(canonicalJson(claims), key, { alg, kid });
}

/** A signed chain head: the exchange vouches that the chain had this hash at this length at that time. */
export interface HeadClaims {
  seq: number;
  hash: string;
  signedAt: string;
}

export function signHead(keyring: ExchangeKeyring, claims: HeadClaims): Promise<string> {
  const { key, kid, alg } = keyring.current;
  return signClaims(canonicalJson(claims), key, { alg, kid });
}
