import type { Envelope, Message, MessageType, PayloadOf, Violation } from '@cx/contracts';
import type { ValidationContext } from '../validation-context';

/** A rule on a payload that passed its schema. Rules push what they find onto `out` and never throw. */
export type PayloadRule<T extends MessageType> = (payload: PayloadOf<T>, out: Violation[]) => void;

/** A rule on an envelope that passed its schema (its payload may not have), reading the exchange's state. */
export type EnvelopeRule = (envelope: Envelope, context: ValidationContext, out: Violation[]) => void;

/** A rule on a whole message that passed its schemas, reading the exchange's state. */
export type MessageRule<T extends MessageType> = (
  message: Message<T>,
  context: ValidationContext,
  out: Violation[],
) => void;

/** Where the payload sits in the envelope; rules build their paths from it. */
export const PAYLOAD = '/payload';
