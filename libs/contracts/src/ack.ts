import { createHash } from 'node:crypto';

/** The exchange's own participant id: the sender of every ack. Nobody else may send an ack. */
export const EXCHANGE_ID = 'CX-EXCHANGE';

export interface AckError {
  path: string;
  message: string;
  rule: string;
}

export interface AckEnvelope {
  id: string;
  type: 'ack';
  version: '1.0';
  sender: typeof EXCHANGE_ID;
  consignmentRef: string;
  createdAt: string;
  recipients: string[];
  correlationId: string;
  payload: { ackFor: string; outcome: 'accepted' | 'rejected'; errors: AckError[]; recipients: string[] };
}

/** A UUID derived from the acknowledged message's id, so an ack rebuilt after a crash is the same ack. */
export function ackIdFor(messageId: string): string {
  const h = createHash('sha256').update(`ack:${messageId}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50; // version 5 layout (name-based)
  h[8] = (h[8] & 0x3f) | 0x80; // RFC 4122 variant
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The ack the exchange sends the sender of every message (contract sections 4 and 6). */
export function buildAck(
  original: { id: string; sender: string; consignmentRef: string },
  outcome: 'accepted' | 'rejected',
  detail: { errors?: AckError[]; recipients?: string[] },
  now: Date,
): AckEnvelope {
  return {
    id: ackIdFor(original.id),
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
