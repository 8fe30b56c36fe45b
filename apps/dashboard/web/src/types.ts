/** Shapes of the admin API's answers: generated from schemas/api/ (npm run types:generate), as the gateway's. */
import envelope from '../../../../schemas/envelope.schema.json';
import definitions from '../../../../schemas/definitions.schema.json';

export type {
  Consignment,
  DeadLetter,
  DeadLetterPage,
  MessageDetail,
  MessagePage,
  MessageRow,
  Participant,
  Stats,
} from '../../../../libs/contracts/src/generated/api';
export type { Health, Lag, ParticipantStats } from '../../../../libs/contracts/src/generated/api/stats';

export const MESSAGE_TYPES: readonly string[] = envelope.properties.type.enum;
export const ROLES: readonly string[] = definitions.$defs.participantRole.enum;
