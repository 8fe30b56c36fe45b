/* Generated from schemas/envelope.schema.json by scripts/generate-types.js. Do not edit: change the schema and run npm run types:generate. */

/**
 * Participants to receive the message in addition to those the routing rules choose.
 *
 * @maxItems 50
 */
export type ParticipantIds = string[];

/**
 * Every message, whatever its type. type and version select the schema of payload.
 */
export interface Envelope {
  /**
   * Chosen by the sender; the idempotency key.
   */
  id: string;
  /**
   * Message type.
   */
  type:
    | 'consignment.note'
    | 'transport.status'
    | 'cargo.manifest'
    | 'customs.declaration'
    | 'customs.decision'
    | 'ack'
    | 'message.cancellation';
  /**
   * Version of the message type's schema.
   */
  version: string;
  /**
   * The participant sending the message.
   */
  sender: string;
  /**
   * Every message about one consignment carries the same reference; order is kept per reference.
   */
  consignmentRef: string;
  /**
   * When the sender created the message; not more than 5 minutes in the future.
   */
  createdAt: string;
  recipients?: ParticipantIds;
  /**
   * Id of the earlier message this one answers; for a customs.decision, the id of the customs.declaration message.
   */
  correlationId?: string;
  /**
   * Since 1.2: id of the message this one corrects, which it replaces as a whole: same type, same sender, same consignmentRef, and the latest version of that message.
   */
  supersedes?: string;
  /**
   * The message itself, valid against the schema of its type and version.
   */
  payload: {
    [k: string]: unknown;
  };
}
