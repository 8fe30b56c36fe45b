import type { Participant, ParticipantDirectory } from '@cx/contracts';
import type { StoredVersion } from '@cx/routing';
import type { AcceptedDeclaration, DeclarationLookup, VersionLookup } from './validation-context';

/** A participant directory over a fixed list: for tests, seeds and caches. */
export function participantDirectoryOf(participants: Iterable<Participant>): ParticipantDirectory {
  const byId = new Map<string, Participant>();
  for (const participant of participants) byId.set(participant.id, participant);
  return { get: (id) => byId.get(id), all: () => byId.values() };
}

/** A declaration lookup over a fixed set, keyed by the declaration's message id. */
export function declarationLookupOf(
  declarations: Iterable<readonly [messageId: string, declaration: AcceptedDeclaration]>,
): DeclarationLookup {
  const byMessageId = new Map(declarations);
  return { find: (messageId) => byMessageId.get(messageId) };
}

/** A version lookup over a fixed list of stored messages. */
export function versionLookupOf(versions: Iterable<StoredVersion>): VersionLookup {
  const byId = new Map([...versions].map((v) => [v.id, v] as const));
  return { find: (id) => byId.get(id) };
}
