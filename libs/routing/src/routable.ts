import type { Message, MessageType, Participant, ParticipantDirectory } from '@cx/contracts';

/** The message types routing rules address; acks are addressed when built (to the original sender). */
export type RoutedType = Exclude<MessageType, 'ack'>;

export interface RoutingContext {
  participants: ParticipantDirectory;
  /** The consignment's parties as recorded from its notes (empty when no note was seen). */
  consignmentParties: readonly string[];
  /** For a customs.decision: the sender of the declaration it answers. */
  declarant?: string;
  /** For a correction or cancellation: who received the version it replaces. */
  replaced?: readonly string[];
}

/** What one rule says: who receives, and for a note, the consignment's parties. */
export interface RuleOutcome {
  recipients: Iterable<string>;
  parties?: Iterable<string>;
}

/** Validation approved the message, so a rule reads its payload as the schema of its type describes it. */
export type RoutingRule<T extends RoutedType> = (message: Message<T>, ctx: RoutingContext) => RuleOutcome;

/** The country of a UN/LOCODE or a customs office code: its first two letters. Routing needs only the format. */
export const countryOf = (code: string | undefined): string | undefined =>
  code && /^[A-Z]{2}/.test(code) ? code.slice(0, 2) : undefined;

export function participantsWhere(ctx: RoutingContext, keep: (p: Participant) => boolean): string[] {
  const out: string[] = [];
  for (const p of ctx.participants.all()) if (keep(p)) out.push(p.id);
  return out;
}

export const customsOf = (ctx: RoutingContext, countries: ReadonlySet<string>): string[] =>
  participantsWhere(ctx, (p) => p.role === 'customs' && countries.has(p.country));

export const locatedAt = (
  ctx: RoutingContext,
  roles: readonly string[],
  locodes: ReadonlySet<string>,
): string[] =>
  participantsWhere(ctx, (p) => roles.includes(p.role) && p.locations.some((l) => locodes.has(l)));
