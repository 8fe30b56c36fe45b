import { ConsumedRecord } from '@cx/kafka';
import { parseStrictJson, type ValidatedMessage, type Violation } from '@cx/contracts';

export interface ReadRecord {
  envelope?: Record<string, unknown>;
  /** Why the record is not an envelope at all (then it goes to the dead-letter topic). */
  reason?: string;
  /** Once judged: the message when it passed validation, else the rules it broke. */
  message?: ValidatedMessage;
  violations?: Violation[];
}

const MAX_BYTES = 1024 * 1024;

/** Reads a record of `cx.inbound` as an envelope: a JSON object of at most 1 MiB, in UTF-8, read as strictly as HTTP. */
export function readEnvelope(r: ConsumedRecord): ReadRecord {
  if (!r.value || r.value.length === 0) return { reason: 'empty record (no value)' };
  if (r.value.length > MAX_BYTES)
    return { reason: `record of ${r.value.length} bytes is over the 1 MiB limit` };
  const { value: parsed, problem } = parseStrictJson(r.value);
  if (problem !== undefined) return { reason: `not JSON the exchange accepts: ${problem}` };
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return {
      reason: `not an envelope: the value is JSON ${Array.isArray(parsed) ? 'array' : typeof parsed}, not an object`,
    };
  }
  return { envelope: parsed as Record<string, unknown> };
}
