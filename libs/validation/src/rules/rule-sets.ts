import type { Envelope, Message, MessageType, PayloadOf, Violation } from '@cx/contracts';
import type { ValidationContext } from '../validation-context';
import {
  equipmentContainerNumbers,
  manifestContainerNumbers,
  statusContainerNumber,
} from './container-numbers';
import { createdAtNotInFuture } from './created-at';
import { declarantIsSender } from './declarant';
import { decisionRefersToDeclaration } from './decision';
import { legsContiguous, legsEtdNotAfterEta, legsNumbered } from './legs';
import { carriersExist, recipientsExist } from './participants';
import type { EnvelopeRule, MessageRule, PayloadRule } from './rule';
import { senderMaySend } from './sender';
import { totalGrossMass } from './total-mass';
import { manifestVesselImo, statusVesselImo } from './vessel-imo';

/** The rules beyond the schema that read the payload alone, by type (major version 1). */
const PAYLOAD_RULES: { [T in MessageType]: readonly PayloadRule<T>[] } = {
  'consignment.note': [
    equipmentContainerNumbers,
    legsNumbered,
    legsContiguous,
    legsEtdNotAfterEta,
    totalGrossMass,
  ],
  'transport.status': [statusContainerNumber, statusVesselImo],
  'cargo.manifest': [manifestContainerNumbers, manifestVesselImo],
  'customs.declaration': [],
  'customs.decision': [],
  ack: [],
};

/** The rules on the envelope that read the exchange's state. */
const ENVELOPE_RULES: readonly EnvelopeRule[] = [senderMaySend, recipientsExist, createdAtNotInFuture];

/** The rules on the whole message that read the exchange's state, by type. */
const MESSAGE_RULES: { [T in MessageType]: readonly MessageRule<T>[] } = {
  'consignment.note': [carriersExist],
  'transport.status': [],
  'cargo.manifest': [],
  'customs.declaration': [declarantIsSender],
  'customs.decision': [decisionRefersToDeclaration],
  ack: [],
};

export function checkPayloadRules<T extends MessageType>(
  type: T,
  payload: PayloadOf<T>,
  out: Violation[],
): void {
  for (const rule of PAYLOAD_RULES[type] as readonly PayloadRule<T>[]) rule(payload, out);
}

export function checkEnvelopeRules(envelope: Envelope, context: ValidationContext, out: Violation[]): void {
  for (const rule of ENVELOPE_RULES) rule(envelope, context, out);
}

export function checkMessageRules<T extends MessageType>(
  message: Message<T>,
  context: ValidationContext,
  out: Violation[],
): void {
  for (const rule of MESSAGE_RULES[message.type as T] as readonly MessageRule<T>[])
    rule(message, context, out);
}
