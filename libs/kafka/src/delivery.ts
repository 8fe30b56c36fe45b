import type { Envelope } from '@cx/contracts';
import { PIPELINE_HEADERS } from './pipeline-headers';
import { OutgoingRecord } from './records';

/** What a correction or cancellation replaces: the id of that message, and whether it is withdrawn. */
export interface Replaces {
  id: string;
  cancelled: boolean;
}

/** The signatures a delivery carries: the sender's JWS over the value (if it sent one), the exchange's receipt. */
export interface DeliverySignatures {
  jws?: string | null;
  /** SHA-256 of the signed EDIFACT interchange `jws` covers, when the message came in one. */
  interchange?: string | null;
  receipt?: string | null;
}

/** What a delivery carries beside the envelope: what it replaces, and its signatures. */
export interface DeliveryExtras {
  replaces?: Replaces;
  signatures?: DeliverySignatures;
}

/**
 * A delivery record after the CloudEvents Kafka protocol binding (binary mode): the value is the envelope exactly as
 * sent, the key the consignment ref (so one consignment's messages stay in order), the attributes in `ce_` headers.
 * A correction carries the extension attribute `ce_supersedes`, a cancellation `ce_cancels`: the id they replace; the
 * signatures go in `cx-jws` and `cx-receipt`.
 */
export function deliveryRecord(
  topic: string,
  envelope: Pick<Envelope, 'id' | 'type' | 'sender' | 'consignmentRef' | 'createdAt'>,
  value: string | Buffer,
  { replaces, signatures = {} }: DeliveryExtras = {},
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
      ...(replaces ? { [replaces.cancelled ? 'ce_cancels' : 'ce_supersedes']: replaces.id } : {}),
      ...(signatures.jws ? { [PIPELINE_HEADERS.jws]: signatures.jws } : {}),
      ...(signatures.interchange ? { [PIPELINE_HEADERS.interchange]: signatures.interchange } : {}),
      ...(signatures.receipt ? { [PIPELINE_HEADERS.receipt]: signatures.receipt } : {}),
    },
  };
}
