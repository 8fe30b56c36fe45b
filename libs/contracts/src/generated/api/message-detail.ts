/* Generated from schemas/api/message-detail.schema.json by scripts/generate-types.js. Do not edit: change the schema and run npm run types:generate. */

import type { MessageRow } from './message-row';
import type { Violation } from '../v1.0/ack';

export type { MessageRow, Violation };

/**
 * `GET /v1/admin/messages/{id}`: one message, its envelope, deliveries and acks.
 */
export interface MessageDetail {
  /**
   * The message's record, and the record of cx.inbound it was routed from.
   */
  message: MessageRow & {
    routedFrom: string | null;
    [k: string]: unknown;
  };
  /**
   * The envelope as received (its text when it is not JSON).
   */
  envelope: unknown;
  /**
   * @maxItems 50
   */
  deliveries: {
    participantId: string;
    seq: number;
    deliveredAt: string;
  }[];
  /**
   * @maxItems 1000
   */
  acks: {
    /**
     * A UUID (RFC 9562) in its 36-character text form.
     */
    id: string;
    outcome: 'accepted' | 'rejected' | null;
    sentAt: string;
  }[];
}
