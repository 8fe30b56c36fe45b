import { parseRfc3339 } from '../rfc3339';
import type { EnvelopeRule } from './rule';

/** How far ahead of the exchange's clock createdAt may be, to allow for clock skew. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

export const createdAtNotInFuture: EnvelopeRule = (envelope, context, out) => {
  const createdAt = parseRfc3339(envelope.createdAt);
  if (createdAt === undefined || createdAt - context.now.getTime() <= MAX_CLOCK_SKEW_MS) return;
  out.push({
    path: '/createdAt',
    rule: 'createdAt.not-in-future',
    message: `is more than 5 minutes ahead of the exchange's clock (${context.now.toISOString()})`,
  });
};
