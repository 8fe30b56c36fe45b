import type { Envelope, Message, MessageType, PayloadOf, Violation } from '@cx/contracts';
import type { ValidationContext } from '../validation-context';
import {
  equipmentContainerNumbers,
  manifestContainerNumbers,
  statusContainerNumber,
} from './container-numbers';
import { noteFromConsignmentOwner } from './consignment-owner';
import { createdAtNotInFuture } from './created-at';
import { declarantIsSender } from './declarant';
import { decisionRefersToDeclaration } from './decision';
import { legsContiguous, legsEtdNotAfterEta, legsNumbered } from './legs';
import { carriersExist, recipientsExist } from './participants';
import type { EnvelopeRule, MessageRule, PayloadRule } from './rule';
import { replacesOwnLatestVersion } from './replacement';
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
  'message.cancellation': [],
};

/** The rules on the envelope that read the exchange's state. */
const ENVELOPE_RULES: readonly EnvelopeRule[] = [
  senderMaySend,
  recipientsExist,
  createdAtNotInFuture,
  noteFromConsignmentOwner,
  replacesOwnLatestVersion,
];

/** The rules on the whole message that read the exchange's state, by type. */
const MESSAGE_RULES: { [T in MessageType]: readonly MessageRule<T>[] } = {
  'consignment.note': [carriersExist],
  'transport.status': [],
  'cargo.manifest': [],
  'customs.declaration': [declarantIsSender],
  'customs.decision': [decisionRefersToDeclaration],
  ack: [],
  'message.cancellation': [],
};

/**
 * Rules run on whatever the schemas let through, and also on parts the schemas refused (so a message lists every
 * violation, not only the schema's): there a rule may meet a shape it does not expect, and one that throws says
 * nothing rather than stopping the others.
 */
function each<A extends unknown[]>(rules: readonly ((...args: A) => void)[] | undefined, ...args: A): void {
  for (const rule of rules ?? []) {
    try {
      rule(...args);
    } catch {
      // The schema's violations already describe the shape this rule could not read.
    }
  }
}

export function checkPayloadRules<T extends MessageType>(
  type: T,
  payload: PayloadOf<T>,
  out: Violation[],
): void {
  each(PAYLOAD_RULES[type] as readonly PayloadRule<T>[] | undefined, payload, out);
}

export function checkEnvelopeRules(envelope: Envelope, context: ValidationContext, out: Violation[]): void {
  each(ENVELOPE_RULES, envelope, context, out);
}

export function checkMessageRules<T extends MessageType>(
  message: Message<T>,
  context: ValidationContext,
  out: Violation[],
): void {
  each(MESSAGE_RULES[message.type as T] as readonly MessageRule<T>[] | undefined, message, context, out);
}
