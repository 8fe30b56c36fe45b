import type { PartyId } from './syntax/interchange';

/** A participant as far as its EDIFACT identity goes (the register's edifactId and edifactQualifier). */
export interface EdifactParticipant {
  id: string;
  edifactId?: string | null;
  edifactQualifier?: string | null;
}

/** The exchange's own EDIFACT identity: UNB sender of what it writes, UNB recipient of what it reads. */
export const EXCHANGE_PARTY: PartyId = { id: 'CX-EXCHANGE', qualifier: 'ZZZ' };

/** A participant's EDIFACT identity as the admin registered it; without one, its participant id (qualifier ZZZ). */
export function partyOf(participant: EdifactParticipant): PartyId {
  if (!participant.edifactId) return { id: participant.id, qualifier: 'ZZZ' };
  return participant.edifactQualifier
    ? { id: participant.edifactId, qualifier: participant.edifactQualifier }
    : { id: participant.edifactId };
}

/** Whether a UNB party is the participant's registered EDIFACT identity: id and qualifier exactly (none for none). */
export function isPartyOf(participant: EdifactParticipant, party: PartyId): boolean {
  return (
    !!participant.edifactId &&
    party.id === participant.edifactId &&
    (party.qualifier ?? null) === (participant.edifactQualifier ?? null)
  );
}

/** The participant whose registered EDIFACT identity a UNB party is, if any. */
export function participantOfParty<P extends EdifactParticipant>(
  participants: Iterable<P>,
  party: PartyId,
): P | undefined {
  for (const p of participants) if (isPartyOf(p, party)) return p;
  return undefined;
}
