import definitions from '../../../schemas/definitions.schema.json';
import type { Participant, ParticipantRole } from './generated/api/participant';

/** An organisation on the corridor (contract section 2): schemas/api/participant.schema.json. */
export type { Participant, ParticipantRole };

/** Roles of organisations on the corridor: schemas/definitions.schema.json#/$defs/participantRole. */
export const PARTICIPANT_ROLES = definitions.$defs.participantRole.enum as readonly ParticipantRole[];

/** e.g. `KZ-RAIL-KTZ`: schemas/definitions.schema.json#/$defs/participantId. */
export const PARTICIPANT_ID_PATTERN = new RegExp(definitions.$defs.participantId.pattern);
export const PARTICIPANT_ID_MAX_LENGTH = definitions.$defs.participantId.maxLength;

/** Read access to the participant register, as the domain rules need it. */
export interface ParticipantDirectory {
  get(id: string): Participant | undefined;
  /** Every participant, active or not. */
  all(): Iterable<Participant>;
}
