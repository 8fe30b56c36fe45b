import { ValidatedMessage, validatedMessage } from '@cx/contracts';
import { ConsumedRecord, PIPELINE_HEADERS, positionOf } from '@cx/kafka';

/** A record of `cx.validated`: the message that passed validation, and where the router read it. */
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
  );
  return { message, position: positionOf(record) };
}

/** The consignment's last event, as GET /v1/consignments shows it. */
export function eventSummary(message: ValidatedMessage<'transport.status'>['envelope']) {
  const { eventCode, location, eventTime } = message.payload;
  return { messageId: message.id, eventCode, location, eventTime };
}
