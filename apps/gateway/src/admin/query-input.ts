import type { Violation } from '@cx/contracts';
import type { MessageSearch } from '@cx/persistence';
import { parseRfc3339 } from '@cx/validation';
import messageRow from '../../../../schemas/api/message-row.schema.json';

/** The admin API's query parameters, read and checked; violations point at the parameter (`/from`). */
export type Query = Record<string, string | undefined>;

export type Parsed<T> = { value: T; violations: [] } | { value?: undefined; violations: Violation[] };

export const STATUSES = messageRow.properties.status.enum as Array<NonNullable<MessageSearch['status']>>;
const TEXT_MAX = 64;
export const PAGE_MAX = 200;
export const WINDOW_MAX_MINUTES = 24 * 60;

const fail = (name: string, message: string, rule: string): Violation => ({
  path: `/${name}`,
  message,
  rule,
});

function integer(
  q: Query,
  name: string,
  fallback: number,
  min: number,
  max: number,
  out: Violation[],
): number {
  const raw = q[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^\d+$/.test(raw) && Number(raw) >= min && Number(raw) <= max) return Number(raw);
  out.push(fail(name, `must be a whole number from ${min} to ${max}`, 'query.range'));
  return fallback;
}

function instant(q: Query, name: string, out: Violation[]): string | undefined {
  const raw = q[name];
  if (raw === undefined || raw === '') return undefined;
  const ms = parseRfc3339(raw);
  if (ms === undefined) {
    out.push(fail(name, 'must be an RFC 3339 date-time such as 2026-11-25T10:00:00Z', 'query.date-time'));
    return undefined;
  }
  return new Date(ms).toISOString();
}

export function parsePage(q: Query, defaultLimit = 50): Parsed<{ limit: number; offset: number }> {
  const violations: Violation[] = [];
  const limit = integer(q, 'limit', defaultLimit, 1, PAGE_MAX, violations);
  const offset = integer(q, 'offset', 0, 0, 1_000_000, violations);
  return violations.length ? { violations } : { value: { limit, offset }, violations: [] };
}

/** `GET /v1/admin/messages?id=&consignmentRef=&sender=&type=&status=&from=&to=&limit=&offset=`. */
export function parseMessageSearch(q: Query): Parsed<MessageSearch> {
  const violations: Violation[] = [];
  const search: MessageSearch = { limit: 50, offset: 0 };
  for (const name of ['id', 'consignmentRef', 'sender', 'type'] as const) {
    const raw = q[name]?.trim();
    if (raw === undefined || raw === '') continue;
    if (raw.length > TEXT_MAX)
      violations.push(fail(name, `must be at most ${TEXT_MAX} characters`, 'query.length'));
    else search[name] = raw;
  }
  const status = q.status;
  if (status !== undefined && status !== '') {
    if ((STATUSES as string[]).includes(status)) search.status = status as MessageSearch['status'];
    else violations.push(fail('status', `must be one of ${STATUSES.join(', ')}`, 'query.enum'));
  }
  search.from = instant(q, 'from', violations);
  search.to = instant(q, 'to', violations);
  if (search.from && search.to && search.from >= search.to) {
    violations.push(fail('to', 'must be later than from', 'query.range'));
  }
  const page = parsePage(q);
  violations.push(...page.violations);
  if (violations.length) return { violations };
  return { value: { ...search, ...page.value! }, violations: [] };
}

/** `GET /v1/admin/stats?minutes=`: the recent window, 30 minutes unless asked otherwise. */
export function parseWindow(q: Query): Parsed<number> {
  const violations: Violation[] = [];
  const minutes = integer(q, 'minutes', 30, 1, WINDOW_MAX_MINUTES, violations);
  return violations.length ? { violations } : { value: minutes, violations: [] };
}
