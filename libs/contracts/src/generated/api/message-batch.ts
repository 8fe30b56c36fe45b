/* Generated from schemas/api/message-batch.schema.json by scripts/generate-types.js. Do not edit: change the schema and run npm run types:generate. */

import type { ParticipantIds } from '../envelope';
import type { Envelope } from '../envelope';

export type { ParticipantIds, Envelope };

/**
 * `POST /v1/messages/batch`: envelopes, each judged as if sent alone.
 *
 * @minItems 1
 * @maxItems 500
 */
export type MessageBatch = Envelope[];
