import type { MessageTable } from '../mapping/table';
import { APERAK } from './aperak';
import { CODECO } from './codeco';
import { CUSCAR } from './cuscar';
import { CUSRES } from './cusres';
import { IFTMIN } from './iftmin';
import { IFTSTA } from './iftsta';

/** Every mapped message, by its UNH message type. */
export const MESSAGE_TABLES: Readonly<Record<string, MessageTable>> = {
  IFTSTA,
  CODECO,
  CUSCAR,
  IFTMIN,
  CUSRES,
  APERAK,
};

/** The message each envelope type is rendered as, outbound (CODECO only on request, for gate moves). */
export const OUTBOUND_MESSAGE: Readonly<Record<string, string>> = {
  'transport.status': 'IFTSTA',
  'cargo.manifest': 'CUSCAR',
  'consignment.note': 'IFTMIN',
  'customs.decision': 'CUSRES',
  ack: 'APERAK',
};

/** Message types accepted inbound: what participants send (CUSRES and APERAK are the exchange's own answers). */
export const INBOUND_MESSAGES: readonly string[] = ['IFTSTA', 'CODECO', 'CUSCAR', 'IFTMIN'];

/** Message types a participant's interchange may hold: the inbound ones and CUSRES, customs' answer (the role rules decide who may send it). */
export const PARTICIPANT_MESSAGES: readonly string[] = [...INBOUND_MESSAGES, 'CUSRES'];
