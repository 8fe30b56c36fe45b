import type { ParticipantDirectory } from '@cx/contracts';
import type { StoredVersion } from '@cx/routing';

/** What the exchange knows of a customs.declaration it accepted: enough to judge a decision about it. */
export interface AcceptedDeclaration {
  declarationNumber: string;
  /** The declarant, who sent it. */
  sender: string;
  /** The customs participants it was routed to. */
  customsRecipients: readonly string[];
}

/** Finds accepted declarations by the id of their message. Synchronous: callers load or cache beforehand. */
export interface DeclarationLookup {
  find(declarationMessageId: string): AcceptedDeclaration | undefined;
}

/** Who owns each consignment (the sender of the note that opened it). Synchronous, like DeclarationLookup. */
export interface ConsignmentLookup {
  ownerOf(consignmentRef: string): string | undefined;
}

/** The stored messages corrections and cancellations name, by id. Synchronous, like DeclarationLookup. */
export interface VersionLookup {
  find(messageId: string): StoredVersion | undefined;
}

/** The state the rules beyond the schema read; passed in so they stay pure. */
export interface ValidationContext {
  /** The exchange's clock, for createdAt. */
  now: Date;
  participants: ParticipantDirectory;
  declarations: DeclarationLookup;
  /** Absent where no consignment is known (structure checks, tests of other rules). */
  consignments?: ConsignmentLookup;
  /** Absent where no stored message is known: then a correction names none that exists. */
  versions?: VersionLookup;
}
