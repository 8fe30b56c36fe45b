/* Generated from schemas/api/new-subscription.schema.json by scripts/generate-types.js. Do not edit: change the schema and run npm run types:generate. */

/**
 * `POST /v1/subscriptions`: a webhook to post each new delivery to.
 */
export interface NewSubscription {
  /**
   * http or https, no credentials
   */
  url: string;
  /**
   * Signs every delivery
   */
  secret: string;
  /**
   * @minItems 1
   * @maxItems 20
   */
  types?: (
    | 'consignment.note'
    | 'transport.status'
    | 'cargo.manifest'
    | 'customs.declaration'
    | 'customs.decision'
    | 'ack'
    | 'message.cancellation'
  )[];
  /**
   * The reference every message about one consignment carries.
   */
  consignmentRef?: string;
  /**
   * How each delivery is posted: the JSON envelope, or a UN/EDIFACT interchange of its own (Content-Type: application/EDIFACT; docs/edifact.md); a type without an EDIFACT message stays JSON
   */
  format?: 'json' | 'edifact';
}
