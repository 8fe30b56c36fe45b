/* Generated from schemas/api/new-participant.schema.json by scripts/generate-types.js. Do not edit: change the schema and run npm run types:generate. */

export type Name = string;
/**
 * Role of an organisation on the corridor (contract section 2).
 */
export type ParticipantRole = 'port' | 'rail' | 'carrier' | 'customs' | 'forwarder';
/**
 * @maxItems 200
 */
export type Locations = string[];
/**
 * The participant's UN/EDIFACT identity: the interchange sender id (UNB S002 0004) its interchanges carry, unique among participants. Without it the participant cannot send EDIFACT.
 */
export type EdifactId = string | null;
/**
 * The code qualifier of `edifactId` (UNB S002 0007), e.g. ZZZ (mutually agreed) or 5 (GLN); absent when the interchanges carry none.
 */
export type EdifactQualifier = string | null;

/**
 * `POST /v1/admin/participants`: a participant to create. `x-violation` words what a bad field is reported as.
 */
export interface NewParticipant {
  /**
   * Id of a participant of the exchange: country code, then hyphen-separated parts of capital letters and digits.
   */
  id: string;
  name: Name;
  role: ParticipantRole;
  country: string;
  locations: Locations;
  edifactId?: EdifactId;
  edifactQualifier?: EdifactQualifier;
}
