import { PAYLOAD, type MessageRule } from './rule';

const RULE = 'decision.refers-to-declaration';

/**
 * A customs.decision answers (correlationId) a declaration the exchange accepted and routed to the deciding
 * customs, and repeats its number.
 */
export const decisionRefersToDeclaration: MessageRule<'customs.decision'> = (message, context, out) => {
  const declarationId = message.correlationId;
  if (declarationId === undefined) return; // the envelope schema requires it; that is reported already
  const declaration = context.declarations.find(declarationId);
  if (!declaration) {
    out.push({
      path: '/correlationId',
      rule: RULE,
      message: 'must be the id of a customs.declaration message the exchange has accepted',
    });
    return;
  }
  // A sender that is no customs may not send decisions at all, which the sender rule reports.
  const senderIsCustoms = context.participants.get(message.sender)?.role === 'customs';
  if (senderIsCustoms && !declaration.customsRecipients.includes(message.sender)) {
    out.push({
      path: '/correlationId',
      rule: RULE,
      message: `refers to declaration ${declaration.declarationNumber}, which was not sent to ${message.sender}`,
    });
  }
  if (declaration.declarationNumber !== message.payload.declarationNumber) {
    out.push({
      path: `${PAYLOAD}/declarationNumber`,
      rule: RULE,
      message: `must be ${declaration.declarationNumber}, the number of the declaration correlationId refers to`,
    });
  }
};
