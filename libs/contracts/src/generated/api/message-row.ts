/* Generated from schemas/api/message-row.schema.json by scripts/generate-types.js. Do not edit: change the schema and run npm run types:generate. */

import type { Violation } from '../v1.0/ack';

export type { Violation };

/**
 * A message as the admin search lists it.
 */
export interface MessageRow {
  /**
   * A UUID (RFC 9562) in its 36-character text form.
   */
  id: string;
  type: string;
  /**
   * Version of a message type: major.minor.
   */
  version: string;
  sender: string;
  consignmentRef: string;
  status: 'accepted' | 'routed' | 'rejected';
  receivedAt: string;
  routedAt: string | null;
  /**
   * @maxItems 50
   */
  recipients: string[];
  /**
   * @maxItems 10000
   */
  errors: Violation[];
  correlationId: string | null;
  [k: string]: unknown;
}
