/* Generated from schemas/api/participant.schema.json by scripts/generate-types.js. Do not edit: change the schema and run npm run types:generate. */

import type { ParticipantRole } from './new-participant';

export type { ParticipantRole };

/**
 * An organisation on the corridor (contract section 2).
 */
export interface Participant {
  /**
   * Id of a participant of the exchange: country code, then hyphen-separated parts of capital letters and digits.
   */
  id: string;
  name: string;
  role: ParticipantRole;
  /**
   * ISO 3166-1 alpha-2.
   */
  country: string;
  /**
   * UN/LOCODEs where the participant operates.
   *
   * @maxItems 200
   */
  locations: string[];
  active: boolean;
  /**
   * UN/EDIFACT interchange sender id (UNB S002 0004); null: the participant sends no EDIFACT.
   */
  edifactId?: string | null;
  /**
   * Its code qualifier (UNB S002 0007).
   */
  edifactQualifier?: string | null;
}
