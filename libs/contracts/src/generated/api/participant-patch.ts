/* Generated from schemas/api/participant-patch.schema.json by scripts/generate-types.js. Do not edit: change the schema and run npm run types:generate. */

/**
 * @maxItems 200
 */
export type Locations = string[];

/**
 * `PATCH /v1/admin/participants/{id}`: only name, locations and active may change.
 */
export interface ParticipantPatch {
  name?: string;
  locations?: Locations;
  active?: boolean;
}
