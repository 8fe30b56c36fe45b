import type { Participant, ParticipantDirectory, Violation } from '@cx/contracts';
import type { EnvelopeRule, MessageRule } from './rule';
import { PAYLOAD } from './rule';

/**
 * The participant `id` at `path` exists and is active; pushes what is wrong and returns the participant
 * when it exists.
 */
export function requireParticipant(
  participants: ParticipantDirectory,
  id: string,
  path: string,
  out: Violation[],
): Participant | undefined {
  const participant = participants.get(id);
  if (!participant) {
    out.push({ path, rule: 'participant.exists', message: `${id} is not a participant of the exchange` });
  } else if (!participant.active) {
    out.push({
      path,
      rule: 'participant.active',
      message: `${id} is not active: it can neither send nor receive messages`,
    });
  }
  return participant;
}

export const recipientsExist: EnvelopeRule = (envelope, context, out) => {
  envelope.recipients?.forEach((id, i) =>
    requireParticipant(context.participants, id, `/recipients/${i}`, out),
  );
};

export const carriersExist: MessageRule<'consignment.note'> = (message, context, out) => {
  message.payload.legs.forEach((leg, i) =>
    requireParticipant(context.participants, leg.carrier, `${PAYLOAD}/legs/${i}/carrier`, out),
  );
};
