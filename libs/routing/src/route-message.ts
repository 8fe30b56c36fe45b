import type { Message } from '@cx/contracts';
import { RoutedType, RoutingContext, RoutingRule, RuleOutcome } from './routable';
import { cargoManifest } from './rules/cargo-manifest';
import { consignmentNote } from './rules/consignment-note';
import { customsDecision } from './rules/customs-decision';
import { customsDeclaration } from './rules/customs-declaration';
import { transportStatus } from './rules/transport-status';

/** Contract section 6, one rule per message type. Acks are addressed when built (to the original sender). */
const RULES: { readonly [T in RoutedType]: RoutingRule<T> } = {
  'consignment.note': consignmentNote,
  'transport.status': transportStatus,
  'cargo.manifest': cargoManifest,
  'customs.declaration': customsDeclaration,
  'customs.decision': customsDecision,
  // Reaches who received the message it cancels (RoutingContext.replaced), like any replacement.
  'message.cancellation': () => ({ recipients: [] }),
};

export interface Routing {
  /** Who receives the message: sorted, unique, active, never the sender. */
  recipients: string[];
  /** For a consignment.note: its parties (sender included), to merge into the consignment's. */
  parties?: string[];
}

/**
 * Who receives a message. The type's rule gives a set; the envelope's explicit `recipients` are added to it (for every
 * type: the general rule of section 6), and for a correction or cancellation whoever received the version it replaces,
 * so that everyone who saw it learns it changed; the sender, unknown ids and inactive participants are taken out.
 */
export function routeMessage(message: Message, ctx: RoutingContext): Routing {
  const outcome = message.type === 'ack' ? { recipients: [] } : ruleOutcome(message, ctx);
  const receives = (id: string) => id !== message.sender && ctx.participants.get(id)?.active === true;
  const recipients = [
    ...new Set([...outcome.recipients, ...(message.recipients ?? []), ...(ctx.replaced ?? [])]),
  ]
    .filter(receives)
    .sort();
  if (!outcome.parties) return { recipients };
  // Parties are who took part: an inactive participant receives nothing, so it does not become one (and reading the
  // consignment once reactivated would show it what it never received).
  const active = (id: string) => ctx.participants.get(id)?.active === true;
  return { recipients, parties: [...new Set(outcome.parties)].filter(active).sort() };
}

function ruleOutcome<T extends RoutedType>(message: Message<T>, ctx: RoutingContext): RuleOutcome {
  const rule: RoutingRule<T> = RULES[message.type as T];
  return rule(message, ctx);
}
