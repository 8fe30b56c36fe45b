/** Roles of organisations on the corridor (contract section 2). */
export const PARTICIPANT_ROLES = ['port', 'rail', 'carrier', 'customs', 'forwarder'] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

/** An organisation on the corridor (contract section 2). */
export interface Participant {
  /** e.g. `KZ-RAIL-KTZ`; `^[A-Z]{2}-[A-Z0-9]+(-[A-Z0-9]+)*$`, at most 64 characters. */
  id: string;
  name: string;
  role: ParticipantRole;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** UN/LOCODEs where the participant operates. */
  locations: string[];
  active: boolean;
}

export const PARTICIPANT_ID_PATTERN = /^[A-Z]{2}-[A-Z0-9]+(-[A-Z0-9]+)*$/;
export const PARTICIPANT_ID_MAX_LENGTH = 64;

/** Read access to the participant register, as the domain rules need it. */
export interface ParticipantDirectory {
  get(id: string): Participant | undefined;
  /** Every participant, active or not. */
  all(): Iterable<Participant>;
}
