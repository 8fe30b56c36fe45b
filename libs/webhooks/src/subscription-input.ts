import type { Violation } from '@cx/contracts';
import { DELIVERY_FORMATS, DeliveryFilter, DeliveryFormat, parseFilter } from '@cx/inbox';
import newSubscription from '../../../schemas/api/new-subscription.schema.json';
import { targetUrlProblem } from './target-url';

/** schemas/api/new-subscription.schema.json */
export const MIN_SECRET_LENGTH = newSubscription.properties.secret.minLength;
export const MAX_SECRET_LENGTH = newSubscription.properties.secret.maxLength;

export interface SubscriptionInput {
  url: string;
  secret: string;
  filter: DeliveryFilter;
  format: DeliveryFormat;
}

const FIELDS = new Set(['url', 'secret', 'types', 'consignmentRef', 'format']);

/** `POST /v1/subscriptions` body: every violation at once, each with a JSON Pointer and a rule. */
export function parseSubscriptionInput(body: unknown): {
  input?: SubscriptionInput;
  violations: Violation[];
} {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { violations: [{ path: '', message: 'must be a JSON object', rule: 'subscription.body' }] };
  }
  const b = body as Record<string, unknown>;
  const violations: Violation[] = [];
  for (const key of Object.keys(b)) {
    if (!FIELDS.has(key))
      violations.push({
        path: `/${key}`,
        message: 'is not a field of a subscription',
        rule: 'subscription.field',
      });
  }
  const urlProblem = targetUrlProblem(b.url);
  if (urlProblem) violations.push({ path: '/url', message: urlProblem, rule: 'subscription.url' });
  if (
    typeof b.secret !== 'string' ||
    b.secret.length < MIN_SECRET_LENGTH ||
    b.secret.length > MAX_SECRET_LENGTH
  ) {
    violations.push({
      path: '/secret',
      message: `must be a string of ${MIN_SECRET_LENGTH} to ${MAX_SECRET_LENGTH} characters`,
      rule: 'subscription.secret',
    });
  }
  const { filter, violations: filterViolations } = parseFilter(b, '', 'body');
  violations.push(...filterViolations);
  const format = b.format === undefined ? 'json' : b.format;
  if (!DELIVERY_FORMATS.includes(format as DeliveryFormat))
    violations.push({ path: '/format', message: 'must be json or edifact', rule: 'subscription.format' });
  if (violations.length > 0) return { violations };
  const input = {
    url: b.url as string,
    secret: b.secret as string,
    filter,
    format: format as DeliveryFormat,
  };
  return { input, violations };
}
