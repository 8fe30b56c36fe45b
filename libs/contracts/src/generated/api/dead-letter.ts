/* Generated from schemas/api/dead-letter.schema.json by scripts/generate-types.js. Do not edit: change the schema and run npm run types:generate. */

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
