/* Generated from schemas/api/participant-patch.schema.json by scripts/generate-types.js. Do not edit: change the schema and run npm run types:generate. */

import type { Locations } from './new-participant';

export type { Locations };

/**
 * `PATCH /v1/admin/participants/{id}`: only name, locations and active may change.
 */
export interface ParticipantPatch {
  name?: string;
  locations?: Locations;
  active?: boolean;
}
