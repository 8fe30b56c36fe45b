import { createHash } from 'node:crypto';
import type { Violation } from './violation';

/** The exchange's own participant id: the sender of every ack. Nobody else may send an ack. */
export const EXCHANGE_ID = 'CX-EXCHANGE';

export interface AckEnvelope {
  id: string;
  type: 'ack';
  version: '1.0';
  sender: typeof EXCHANGE_ID;
  consignmentRef: string;
  createdAt: string;
  recipients: string[];
  correlationId: string;
  payload: { ackFor: string; outcome: 'accepted' | 'rejected'; errors: Violation[]; recipients: string[] };
}

/** A UUID derived from the acknowledged message's id, so an ack rebuilt after a crash is the same ack. */
export function ackIdFor(messageId: string): string {
  const h = createHash('sha256').update(`ack:${messageId}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50; // version 5 layout (name-based)
  h[8] = (h[8] & 0x3f) | 0x80; // RFC 4122 variant
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The ack id when `ackIdFor` cannot be used: the message's id was already taken by another message (a rejected ack
 * for the newcomer must not replace the first one's ack), or that ack id is held by a row that is not its ack. Derived
 * from the record's position, so the same record processed again gets the same ack.
 */
export function fallbackAckIdFor(messageId: string, position: string): string {
  return ackIdFor(`${messageId}@${position}`);
}

/**
 * The id of the ack of message `messageId` read from `position`: `ackIdFor` unless that id is held by a stored row that
 * is not this message's ack (a participant may choose any UUID for its message, an ack id included).
 */
export function ackIdAvoiding(
  messageId: string,
  position: string,
  holder: { type: string; correlationId: string | null } | undefined,
): string {
  const foreign = holder !== undefined && !(holder.type === 'ack' && holder.correlationId === messageId);
  return foreign ? fallbackAckIdFor(messageId, position) : ackIdFor(messageId);
}

/** The ack the exchange sends the sender of every message (contract sections 4 and 6). */
export function buildAck(
  original: { id: string; sender: string; consignmentRef: string },
  outcome: 'accepted' | 'rejected',
  detail: { errors?: Violation[]; recipients?: string[]; ackId?: string },
  now: Date,
): AckEnvelope {
  return {
    id: detail.ackId ?? ackIdFor(original.id),
    type: 'ack',
    version: '1.0',
    sender: EXCHANGE_ID,
    consignmentRef: original.consignmentRef,
    createdAt: now.toISOString(),
    recipients: [original.sender],
    correlationId: original.id,
    payload: {
      ackFor: original.id,
      outcome,
      errors: detail.errors ?? [],
      recipients: detail.recipients ?? [],
    },
  };
}
