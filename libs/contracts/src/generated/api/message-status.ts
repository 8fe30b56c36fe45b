/* Generated from schemas/api/message-status.schema.json by scripts/generate-types.js. Do not edit: change the schema and run npm run types:generate. */

import type { Violation } from '../v1.0/ack';

export type { Violation };

/**
 * `GET /v1/messages/{id}`: what became of a message. A routed message that a correction replaced is `superseded` (`supersededBy` names the correction), one a cancellation withdrew is `cancelled` (`cancelledBy`).
 */
export interface MessageStatus {
  /**
   * A UUID (RFC 9562) in its 36-character text form.
   */
  id: string;
  type: string;
  sender: string;
  consignmentRef: string;
  status: 'accepted' | 'routed' | 'rejected' | 'superseded' | 'cancelled';
  receivedAt: string;
  /**
   * @maxItems 10000
   */
  errors?: Violation[];
  /**
   * Who received it: shown to its sender and the admin only.
   *
   * @maxItems 50
   */
  recipients?: string[];
  /**
   * A UUID (RFC 9562) in its 36-character text form.
   */
  supersedes?: string;
  /**
   * A UUID (RFC 9562) in its 36-character text form.
   */
  supersededBy?: string;
  /**
   * A UUID (RFC 9562) in its 36-character text form.
   */
  cancelledBy?: string;
}
