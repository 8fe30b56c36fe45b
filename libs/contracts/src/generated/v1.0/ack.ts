/* Generated from schemas/v1.0/ack.schema.json by scripts/generate-types.js. Do not edit: change the schema and run npm run types:generate. */

/**
 * Who the message was routed to; empty when rejected.
 *
 * @maxItems 50
 */
export type ParticipantIds = string[];

/**
 * The exchange's answer to the sender of a message (UN/EDIFACT APERAK). Only the exchange sends it.
 */
export interface Ack {
  /**
   * Id of the message acknowledged.
   */
  ackFor: string;
  outcome: 'accepted' | 'rejected';
  /**
   * Why the message was rejected; empty when accepted.
   *
   * @maxItems 1000
   */
  errors: Violation[];
  recipients: ParticipantIds;
}
/**
 * One broken rule: where (a JSON Pointer into the envelope), what, and the rule's stable name.
 */
export interface Violation {
  path: string;
  message: string;
  rule: string;
  /**
   * For a message that came as UN/EDIFACT: where the value is in the interchange, e.g. UNH 1 / LOC 9 / C517 / 3225
   */
  edifact?: string;
}
