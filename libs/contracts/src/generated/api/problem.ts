/* Generated from schemas/api/problem.schema.json by scripts/generate-types.js. Do not edit: change the schema and run npm run types:generate. */

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
/**
 * One broken rule: where (a JSON Pointer into the envelope), what, and the rule's stable name.
 */
export interface Violation {
  path: string;
  message: string;
  rule: string;
}
