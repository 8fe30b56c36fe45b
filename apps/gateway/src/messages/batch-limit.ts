import { API_SCHEMAS } from '../http/api-schemas';

/** Envelopes a batch may hold: schemas/api/message-batch.schema.json's maxItems. */
export const BATCH_LIMIT = API_SCHEMAS.get('MessageBatch')!.maxItems as number;
