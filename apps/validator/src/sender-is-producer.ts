import type { Violation } from '@cx/contracts';

/** The rule of a participant's inbound topic: what it produces there must name it as the sender. */
export const SENDER_IS_PRODUCER = 'sender.is-producer';

/** True when the record came from a participant's inbound topic and its envelope names another sender. */
export function senderIsNotProducer(
  envelope: Record<string, unknown>,
  producer: string | undefined,
): boolean {
  return producer !== undefined && envelope.sender !== producer;
}

export function senderIsProducerViolation(envelope: Record<string, unknown>, producer: string): Violation {
  return {
    path: '/sender',
    message: `must be ${producer}, the participant whose inbound topic carried it (it named ${JSON.stringify(
      envelope.sender ?? null,
    ).slice(0, 80)})`,
    rule: SENDER_IS_PRODUCER,
  };
}
