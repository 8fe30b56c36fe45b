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
  total: number;
  limit: number;
  offset: number;
}
