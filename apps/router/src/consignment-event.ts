import type { ValidatedMessage } from '@cx/contracts';

/** The consignment's last event, as GET /v1/consignments shows it. */
export function eventSummary(message: ValidatedMessage<'transport.status'>['envelope']) {
  const { eventCode, location, eventTime } = message.payload;
  return { messageId: message.id, eventCode, location, eventTime };
}
