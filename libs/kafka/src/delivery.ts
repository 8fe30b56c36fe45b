import type { Envelope } from '@cx/contracts';
import { OutgoingRecord } from './records';

/**
 * A delivery record after the CloudEvents Kafka protocol binding (binary mode): the value is the envelope exactly as
 * sent, the key the consignment ref (so one consignment's messages stay in order), the attributes in `ce_` headers.
 */
export function deliveryRecord(
  topic: string,
  envelope: Pick<Envelope, 'id' | 'type' | 'sender' | 'consignmentRef' | 'createdAt'>,
  value: string | Buffer,
): OutgoingRecord {
  return {
    topic,
    key: envelope.consignmentRef,
    value,
    headers: {
      ce_specversion: '1.0',
      ce_id: envelope.id,
      ce_type: envelope.type,
      ce_source: envelope.sender,
      ce_subject: envelope.consignmentRef,
      ce_time: envelope.createdAt,
      'content-type': 'application/json',
    },
  };
}
