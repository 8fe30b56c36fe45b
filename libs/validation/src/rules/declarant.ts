import { requireParticipant } from './participants';
import { PAYLOAD, type MessageRule } from './rule';

/** The declarant is the sender (whom the sender rule checks), and anyone else named there must exist too. */
export const declarantIsSender: MessageRule<'customs.declaration'> = (message, context, out) => {
  const declarant = message.payload.declarant;
  if (declarant === message.sender) return;
  const path = `${PAYLOAD}/declarant`;
  out.push({
    path,
    rule: 'declarant.is-sender',
    message: `must be the sender, ${message.sender}: a declaration is lodged by its declarant`,
  });
  requireParticipant(context.participants, declarant, path, out);
};
