import { decodeCursor } from './cursor';
import type { Violation } from '@cx/contracts';
import { DeliveryFilter, parseFilter } from './delivery-filter';

export const INBOX_MAX_LIMIT = 500;
export const INBOX_DEFAULT_LIMIT = 100;

/** How deliveries are written: the JSON envelope, or a UN/EDIFACT interchange (docs/edifact.md). */
export const DELIVERY_FORMATS = ['json', 'edifact'] as const;
export type DeliveryFormat = (typeof DELIVERY_FORMATS)[number];

/** Where to read from (the seq after which), how many, which deliveries, and in which format. */
export interface InboxQuery {
  afterSeq: number;
  limit: number;
  filter: DeliveryFilter;
  format: DeliveryFormat;
}

function single(value: unknown): unknown {
  return Array.isArray(value) ? value[value.length - 1] : value;
}

/**
 * `GET /v1/inbox` and `/v1/inbox/stream` query parameters. `resumeFrom` (the stream's `Last-Event-ID`) wins over
 * `after`. Each bad parameter is one violation whose path names it.
 */
export function parseInboxQuery(
  query: Record<string, unknown>,
  resumeFrom?: string,
): { query: InboxQuery; violations: Violation[] } {
  const violations: Violation[] = [];
  let afterSeq = 0;
  const after = resumeFrom ?? single(query.after);
  if (after !== undefined && after !== '') {
    const seq = typeof after === 'string' ? decodeCursor(after) : undefined;
    if (seq === undefined) {
      violations.push({
        path: resumeFrom !== undefined ? 'Last-Event-ID' : '/after',
        message: 'must be a cursor the exchange issued (an item’s `cursor` or a page’s `next`)',
        rule: 'inbox.cursor',
      });
    } else afterSeq = seq;
  }
  let limit = INBOX_DEFAULT_LIMIT;
  const rawLimit = single(query.limit);
  if (rawLimit !== undefined) {
    const n = Number(rawLimit);
    if (typeof rawLimit !== 'string' || !/^\d{1,4}$/.test(rawLimit) || n < 1 || n > INBOX_MAX_LIMIT) {
      violations.push({
        path: '/limit',
        message: `must be a whole number from 1 to ${INBOX_MAX_LIMIT}`,
        rule: 'inbox.limit',
      });
    } else limit = n;
  }
  const parsed = parseFilter(
    { types: single(query.types), consignmentRef: single(query.consignmentRef) },
    '',
    'query',
  );
  violations.push(...parsed.violations);
  let format: DeliveryFormat = 'json';
  const rawFormat = single(query.format);
  if (rawFormat !== undefined) {
    if (DELIVERY_FORMATS.includes(rawFormat as DeliveryFormat)) format = rawFormat as DeliveryFormat;
    else violations.push({ path: '/format', message: 'must be json or edifact', rule: 'inbox.format' });
  }
  return { query: { afterSeq, limit, filter: parsed.filter, format }, violations };
}
