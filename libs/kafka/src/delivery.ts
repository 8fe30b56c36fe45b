import type { Envelope } from '@cx/contracts';
import { PIPELINE_HEADERS } from './pipeline-headers';
import { OutgoingRecord } from './records';

/** The signatures a delivery carries: the sender's JWS over the value (if it sent one), the exchange's receipt. */
export interface DeliverySignatures {
  jws?: string | null;
  receipt?: string | null;
}

/**
 * A delivery record after the CloudEvents Kafka protocol binding (binary mode): the value is the envelope exactly as
 * sent, the key the consignment ref (so one consignment's messages stay in order), the attributes in `ce_` headers,
 * the signatures in `cx-jws` and `cx-receipt`.
 */
export function deliveryRecord(
  topic: string,
  envelope: Pick<Envelope, 'id' | 'type' | 'sender' | 'consignmentRef' | 'createdAt'>,
  value: string | Buffer,
  signatures: DeliverySignatures = {},
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
      ...(signatures.jws ? { [PIPELINE_HEADERS.jws]: signatures.jws } : {}),
      ...(signatures.receipt ? { [PIPELINE_HEADERS.receipt]: signatures.receipt } : {}),
    },
  };
}
