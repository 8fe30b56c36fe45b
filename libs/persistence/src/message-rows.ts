import { AckEnvelope, contentHash, ValidatedMessage, Violation } from '@cx/contracts';
import { replacedId } from '@cx/routing';
import { DeliveryEntity } from './entities/delivery.entity';
import { MessageEntity } from './entities/message.entity';

/**
 * A received message as a row needs it: a ValidatedMessage, or an invalid envelope the validator read well enough to
 * answer (its fields may then be anything, so they are cut to their columns' lengths).
 */
export type ReceivedMessage = Pick<
  ValidatedMessage,
  'raw' | 'contentHash' | 'receivedAt' | 'jws' | 'interchange'
> & {
  envelope: {
    id: string;
    type: string;
    version: unknown;
    sender: string;
    consignmentRef: string;
    correlationId?: unknown;
    supersedes?: unknown;
    payload?: unknown;
  };
};

/** What became of a received message; `from` is the record it was decided from (see MessageEntity.routedFrom). */
export type MessageOutcome =
  | { status: 'accepted' }
  | { status: 'routed'; recipients: string[]; from: string; at: Date; receipt: string }
  | { status: 'rejected'; errors: Violation[]; from: string };

/** The row of a received message: every channel and outcome builds it here. */
export function messageRow(m: ReceivedMessage, outcome: MessageOutcome): MessageEntity {
  const e = m.envelope;
  return Object.assign(new MessageEntity(), {
    id: e.id,
    type: e.type.slice(0, 64),
    version: (typeof e.version === 'string' || typeof e.version === 'number' ? String(e.version) : '').slice(
      0,
      16,
    ),
    sender: e.sender,
    consignmentRef: e.consignmentRef,
    status: outcome.status,
    receivedAt: m.receivedAt,
    contentHash: m.contentHash,
    envelope: m.raw.toString('utf8'),
    errors: outcome.status === 'rejected' ? outcome.errors : null,
    recipients: outcome.status === 'routed' ? outcome.recipients : null,
    correlationId: typeof e.correlationId === 'string' ? e.correlationId.slice(0, 128) : null,
    supersedes: replacedOf(e),
    routedFrom: outcome.status === 'accepted' ? null : outcome.from,
    routedAt: outcome.status === 'routed' ? outcome.at.toISOString() : null,
    jws: m.jws ?? null,
    interchange: m.interchange ?? null,
    receipt: outcome.status === 'routed' ? outcome.receipt : null,
  });
}

/** What a received envelope replaces; an invalid one may hold anything there, so only an id-sized string counts. */
function replacedOf(e: ReceivedMessage['envelope']): string | null {
  const id = replacedId({ ...e, supersedes: typeof e.supersedes === 'string' ? e.supersedes : undefined });
  return id !== undefined && id.length <= 36 ? id : null;
}

/**
 * The row of an ack the exchange sent, `raw` being its bytes on the delivery topic, `from` as for its message,
 * `receipt` the signed receipt of the message it answers (null where no receipt is signed).
 */
export function ackRow(
  ack: AckEnvelope,
  raw: string,
  from: string,
  now: Date,
  receipt: string | null = null,
): MessageEntity {
  return Object.assign(new MessageEntity(), {
    id: ack.id,
    type: ack.type,
    version: ack.version,
    sender: ack.sender,
    consignmentRef: ack.consignmentRef,
    status: 'routed',
    receivedAt: now.toISOString(),
    contentHash: contentHash(raw),
    envelope: raw,
    errors: null,
    recipients: ack.recipients,
    correlationId: ack.correlationId,
    supersedes: null,
    routedFrom: from,
    routedAt: now.toISOString(),
    jws: null,
    interchange: null,
    receipt,
  });
}

/** The delivery of a message (an ack included) to one participant's inbox. */
export function deliveryRow(
  participantId: string,
  message: { id: string; type: string; consignmentRef: string },
  now: Date,
): Omit<DeliveryEntity, 'seq'> {
  const { id: messageId, type, consignmentRef } = message;
  return { participantId, messageId, type, consignmentRef, createdAt: now.toISOString() };
}
