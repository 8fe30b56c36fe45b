import type { Caller } from '@cx/auth';
import type { Participant } from '@cx/contracts';
import { problems } from '../problem';

/** Inboxes and subscriptions belong to participants; the admin token has neither. */
export function receivingParticipant(caller: Caller): Participant {
  if (caller.kind !== 'participant') {
    throw problems.forbidden(
      'The admin token has no inbox: read messages with GET /v1/messages/{id}, or use a participant’s API key.',
    );
  }
  return caller.participant;
}
