/* Generated from schemas/ by scripts/generate-types.js. Do not edit: change the schema and run npm run types:generate. */
export type { Envelope } from './envelope';
export type * from './api';
export * as V1_0 from './v1.0';
export * as V1_1 from './v1.1';
export * as V1_2 from './v1.2';
