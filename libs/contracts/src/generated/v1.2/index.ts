/* Generated from schemas/v1.2/ by scripts/generate-types.js. Do not edit: change the schema and run npm run types:generate. */
export type { CargoManifest } from './cargo.manifest';
export type { ConsignmentNote } from './consignment.note';
export type { CustomsDecision } from './customs.decision';
export type { CustomsDeclaration } from './customs.declaration';
export type { MessageCancellation } from './message.cancellation';
export type { TransportStatus } from './transport.status';
