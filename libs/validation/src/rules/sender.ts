import { SENDER_ROLES } from '@cx/contracts';
import { requireParticipant } from './participants';
import type { EnvelopeRule } from './rule';

/** The sender exists, is active, and its role may send the message's type (nobody sends `ack`). */
export const senderMaySend: EnvelopeRule = (envelope, context, out) => {
  const sender = requireParticipant(context.participants, envelope.sender, '/sender', out);
  if (!sender) return;
  const roles = SENDER_ROLES[envelope.type];
  if (roles.includes(sender.role)) return;
  out.push({
    path: '/type',
    rule: 'role.may-send',
    message:
      roles.length === 0
        ? `${envelope.type} is sent by the exchange only`
        : `may not be sent by ${sender.id}, a ${sender.role} participant; ${envelope.type} is sent by ${roles.join(', ')} participants`,
  });
};
