/* Generated from schemas/api/message-page.schema.json by scripts/generate-types.js. Do not edit: change the schema and run npm run types:generate. */

import type { MessageRow } from './message-row';
import type { Violation } from '../v1.0/ack';

export type { MessageRow, Violation };

/**
 * `GET /v1/admin/messages`: one page of the search, newest first.
 */
export interface MessagePage {
  /**
   * @maxItems 200
   */
  items: MessageRow[];
  /**
   * How many messages match, counted up to 10,000.
   */
  total: number;
  /**
   * True when more than `total` (10,000) messages match: the count stopped there ("10,000+").
   */
  totalCapped: boolean;
  limit: number;
  offset: number;
}
