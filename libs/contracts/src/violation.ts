/**
 * One broken rule: `path` is a JSON Pointer into the envelope (e.g. `/payload/legs/1/from`), `message` plain
 * English for an operator, `rule` a stable name (e.g. `schema.required`, `iso6346.check-digit`).
 * Defined once, in schemas/definitions.schema.json (`violation`), which the ack carries.
 */
export type { Violation } from './generated/v1.0/ack';
