/* Generated from schemas/api/participant-patch.schema.json by scripts/generate-types.js. Do not edit: change the schema and run npm run types:generate. */

import type { Locations } from './new-participant';

export type { Locations };

/**
 * `PATCH /v1/admin/participants/{id}`: only name, locations, active and the EDIFACT identity may change (null removes it).
 */
export interface ParticipantPatch {
  name?: string;
  locations?: Locations;
  active?: boolean;
  /**
   * The participant's UN/EDIFACT identity: the interchange sender id (UNB S002 0004) its interchanges carry, unique among participants. Without it the participant cannot send EDIFACT.
   */
  edifactId?: string | null;
  /**
   * The code qualifier of `edifactId` (UNB S002 0007), e.g. ZZZ (mutually agreed) or 5 (GLN); absent when the interchanges carry none.
   */
  edifactQualifier?: string | null;
}
