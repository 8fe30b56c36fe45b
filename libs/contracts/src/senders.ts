import type { MessageType } from './messages';
import type { ParticipantRole } from './participant';

/**
 * Which roles may send each message type (contract section 4).
 * Nobody sends `ack`: the exchange writes those itself.
 */
export const SENDER_ROLES: { readonly [T in MessageType]: readonly ParticipantRole[] } = {
  'consignment.note': ['port', 'rail', 'carrier', 'forwarder'],
  'transport.status': ['port', 'rail', 'carrier'],
  'cargo.manifest': ['port', 'carrier'],
  'customs.declaration': ['forwarder', 'carrier', 'rail', 'port'],
  'customs.decision': ['customs'],
  ack: [],
  // Each for its own messages only (libs/routing's replacement rules).
  'message.cancellation': ['port', 'rail', 'carrier', 'forwarder', 'customs'],
};

export function maySend(role: ParticipantRole, type: MessageType): boolean {
  return SENDER_ROLES[type].includes(role);
}

/** Every message type of the exchange, ack included: what a `types` filter may name. */
export const MESSAGE_TYPES = Object.keys(SENDER_ROLES) as MessageType[];
