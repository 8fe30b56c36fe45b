/* Generated from schemas/api/consignment.schema.json by scripts/generate-types.js. Do not edit: change the schema and run npm run types:generate. */

/**
 * `GET /v1/consignments/{ref}`: a consignment's parties, last event and timeline. The timeline lists every routed message in order, every version of a corrected one included; `current` is false for a version a correction or cancellation replaced.
 */
export interface Consignment {
  /**
   * The reference every message about one consignment carries.
   */
  consignmentRef: string;
  /**
   * @maxItems 50
   */
  parties: string[];
  /**
   * The last transport.status's payload
   */
  lastEvent: {
    [k: string]: unknown;
  } | null;
  /**
   * @maxItems 100000
   */
  timeline: {
    /**
     * A UUID (RFC 9562) in its 36-character text form.
     */
    id: string;
    type: string;
    sender: string;
    time: string;
    /**
     * A UUID (RFC 9562) in its 36-character text form.
     */
    supersedes?: string;
    /**
     * Not replaced by a correction or cancellation.
     */
    current: boolean;
  }[];
}
