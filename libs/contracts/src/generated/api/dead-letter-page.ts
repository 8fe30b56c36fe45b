/* Generated from schemas/api/dead-letter-page.schema.json by scripts/generate-types.js. Do not edit: change the schema and run npm run types:generate. */

import type { DeadLetter } from './dead-letter';

export type { DeadLetter };

/**
 * `GET /v1/admin/dlq`: one page of dead letters, newest first.
 */
export interface DeadLetterPage {
  /**
   * @maxItems 200
   */
  items: DeadLetter[];
  total: number;
  limit: number;
  offset: number;
}
