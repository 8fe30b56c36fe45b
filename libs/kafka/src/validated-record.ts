import { ValidatedMessage, validatedMessage } from '@cx/contracts';
import { PIPELINE_HEADERS } from './pipeline-headers';
import { ConsumedRecord, OutgoingRecord, positionOf } from './records';

/**
 * The record of `cx.validated` a validated message becomes, written by the gateway (`origin` http) and the validator
 * (`origin` kafka): its bytes as received, with the sender's JWS over them if it signed, keyed by consignmentRef (whatever key an operator chose), so that one
 * consignment stays on one partition, in order.
 */
export function validatedRecord(
  topic: string,
  message: ValidatedMessage,
  origin: 'http' | 'kafka',
): OutgoingRecord {
  return {
    topic,
    key: message.envelope.consignmentRef,
    value: message.raw,
    headers: {
      [PIPELINE_HEADERS.receivedAt]: message.receivedAt,
      [PIPELINE_HEADERS.contentHash]: message.contentHash,
      [PIPELINE_HEADERS.origin]: origin,
      ...(message.jws ? { [PIPELINE_HEADERS.jws]: message.jws } : {}),
      ...(message.interchange ? { [PIPELINE_HEADERS.interchange]: message.interchange } : {}),
    },
  };
}

/** A record of `cx.validated` as the router reads it: the message that passed validation, and where it was read. */
export interface ValidatedRecord {
  message: ValidatedMessage;
  /** `topic:partition:offset`, what the message's row records as `routedFrom`. */
  position: string;
}

/** Parses the record's value, once; only the gateway and the validator write this topic, after validation. */
export function readValidated(record: ConsumedRecord, now: Date): ValidatedRecord {
  const raw = record.value ?? Buffer.alloc(0);
  const receivedAt = record.headers[PIPELINE_HEADERS.receivedAt] ?? now.toISOString();
  const message = validatedMessage(
    JSON.parse(raw.toString('utf8')),
    raw,
    receivedAt,
    record.headers[PIPELINE_HEADERS.contentHash],
    record.headers[PIPELINE_HEADERS.jws],
    record.headers[PIPELINE_HEADERS.interchange],
  );
  return { message, position: positionOf(record) };
}
