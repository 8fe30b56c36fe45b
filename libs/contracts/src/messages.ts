import type { Envelope, V1_0, V1_2 } from './generated';

/** The message types of the exchange, as the envelope schema enumerates them. */
export type MessageType = Envelope['type'];

/**
 * Payload of each message type in major version 1, typed by the type's newest minor version.
 * A minor version accepts every message of the one before it, so this covers all 1.x payloads.
 * When a schema gains a minor version, point its entry here at the new generated type.
 */
export interface PayloadsV1 {
  'consignment.note': V1_2.ConsignmentNote;
  'transport.status': V1_2.TransportStatus;
  'cargo.manifest': V1_2.CargoManifest;
  'customs.declaration': V1_2.CustomsDeclaration;
  'customs.decision': V1_2.CustomsDecision;
  ack: V1_0.Ack;
  'message.cancellation': V1_2.MessageCancellation;
}

export type PayloadOf<T extends MessageType> = PayloadsV1[T];

/** An envelope whose payload passed the schema of its type; narrow it by `type`. */
export type Message<T extends MessageType = MessageType> = {
  [K in T]: Omit<Envelope, 'type' | 'payload'> & { type: K; payload: PayloadOf<K> };
}[T];
