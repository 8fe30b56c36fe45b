/* Generated from schemas/v1.2/message.cancellation.schema.json by scripts/generate-types.js. Do not edit: change the schema and run npm run types:generate. */

/**
 * Withdraws a message its sender sent earlier, under the same consignmentRef: the message is cancelled, and everyone who received it is told.
 */
export interface MessageCancellation {
  /**
   * Id of the message cancelled: the latest version, when it was corrected.
   */
  cancels: string;
  /**
   * Why, in plain words.
   */
  reason: string;
}
