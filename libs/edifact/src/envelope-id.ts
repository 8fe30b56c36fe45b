import { createHmac } from 'node:crypto';
import type { PartyId } from './syntax/interchange';

/**
 * What an inbound EDIFACT message's id is derived with: the exchange's secret (table `exchange_secrets`, shown by no
 * API) and the participant that sent the interchange (the API key's, or the inbound topic's).
 */
export interface EdifactIdKey {
  secret: Buffer;
  participant: string;
}

/**
 * The envelope id of an inbound EDIFACT message: HMAC-SHA256 under the exchange's secret over the sending
 * participant, the UNB sender, the interchange control reference and the message reference, laid out as a UUID
 * version 8 (RFC 9562). Deterministic, so an interchange sent again is a replay; not computable without the secret,
 * so nobody can take a terminal's next id first with a JSON message of their own.
 */
export function edifactEnvelopeId(
  key: EdifactIdKey,
  sender: PartyId,
  controlReference: string,
  messageReference: string,
): string {
  // A JSON array: unambiguous whatever characters the references hold.
  const name = JSON.stringify([
    key.participant,
    sender.id,
    sender.qualifier ?? '',
    controlReference,
    messageReference,
  ]);
  const hash = createHmac('sha256', key.secret).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x80;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
