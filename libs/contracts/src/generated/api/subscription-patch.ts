/* Generated from schemas/api/subscription-patch.schema.json by scripts/generate-types.js. Do not edit: change the schema and run npm run types:generate. */

/**
 * `PATCH /v1/subscriptions/{id}`: `true` resumes a paused subscription, `false` pauses it.
 */
export interface SubscriptionPatch {
  active: boolean;
}
