/* Generated from schemas/api/message-batch.schema.json by scripts/generate-types.js. Do not edit: change the schema and run npm run types:generate. */

/**
 * Participants to receive the message in addition to those the routing rules choose.
 *
 * @maxItems 50
 */
export type ParticipantIds = string[];
/**
 * `POST /v1/messages/batch`: envelopes, each judged as if sent alone.
 *
 * @minItems 1
 * @maxItems 500
 */
export type MessageBatch = Envelope[];

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
    | 'ack';
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
   * The message itself, valid against the schema of its type and version.
   */
  payload: {
    [k: string]: unknown;
  };
}
