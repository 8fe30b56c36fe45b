/* Generated from schemas/v1.1/ by scripts/generate-types.js. Do not edit: change the schema and run npm run types:generate. */
export type { TransportStatus } from './transport.status';
