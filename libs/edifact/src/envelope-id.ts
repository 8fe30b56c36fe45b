import { createHash } from 'node:crypto';
import type { PartyId } from './syntax/interchange';

/** Namespace of the exchange's EDIFACT-derived message ids (a fixed random UUID). */
export const EDIFACT_ID_NAMESPACE = '5b0c8f2e-3c1d-4e55-9a6f-8d2b7e41c0a9';

/**
 * The envelope id of an inbound EDIFACT message: a name-based UUID (RFC 9562 version 5) over the UNB sender, the
 * interchange control reference and the message reference, so that an interchange sent again is a replay.
 */
export function edifactEnvelopeId(
  sender: PartyId,
  controlReference: string,
  messageReference: string,
): string {
  const name = [sender.id, sender.qualifier ?? '', controlReference, messageReference].join('\u001f');
  const namespace = Buffer.from(EDIFACT_ID_NAMESPACE.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(namespace).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
