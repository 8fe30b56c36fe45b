import messageBatch from '../../../../schemas/api/message-batch.schema.json';

/** Envelopes a batch may hold: schemas/api/message-batch.schema.json. */
export const BATCH_LIMIT = messageBatch.maxItems;
