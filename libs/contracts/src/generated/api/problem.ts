/* Generated from schemas/api/problem.schema.json by scripts/generate-types.js. Do not edit: change the schema and run npm run types:generate. */

import type { Violation } from '../v1.0/ack';

export type { Violation };

/**
 * An RFC 9457 problem document: how every error of the API is answered.
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  /**
   * @maxItems 10000
   */
  errors?: Violation[];
}
