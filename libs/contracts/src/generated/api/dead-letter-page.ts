/* Generated from schemas/api/dead-letter-page.schema.json by scripts/generate-types.js. Do not edit: change the schema and run npm run types:generate. */

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
/**
 * A record the pipeline could not process.
 */
export interface DeadLetter {
  /**
   * <topic>:<partition>:<offset> of the record it was
   */
  id: string;
  reason: string;
  recordKey: string | null;
  receivedAt: string;
  replayedAt: string | null;
  replayCount: number;
  replayOf: string | null;
  /**
   * Bytes of the value
   */
  size: number;
  preview: string;
  /**
   * The full value: in GET /v1/admin/dlq/{id} only
   */
  value?: string;
}
