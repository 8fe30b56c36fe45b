/* Generated from schemas/api/ by scripts/generate-types.js. Do not edit: change the schema and run npm run types:generate. */
export type { Consignment } from './consignment';
export type { DeadLetterPage } from './dead-letter-page';
export type { DeadLetter } from './dead-letter';
export type { EvidenceBundle } from './evidence-bundle';
export type { MessageBatch } from './message-batch';
export type { MessageDetail } from './message-detail';
export type { MessagePage } from './message-page';
export type { MessageRow } from './message-row';
export type { NewParticipant } from './new-participant';
export type { NewSigningKey } from './new-signing-key';
export type { NewSubscription } from './new-subscription';
export type { ParticipantPatch } from './participant-patch';
export type { Participant } from './participant';
export type { Problem } from './problem';
export type { SigningKey } from './signing-key';
export type { Stats } from './stats';
export type { SubscriptionPatch } from './subscription-patch';
