import { encodeCursor } from '@cx/inbox';
import { SubscriptionEntity, WebhookAttemptEntity } from '@cx/persistence';

/** A subscription as its owner sees it: never its secret. */
export function subscriptionView(s: SubscriptionEntity) {
  return {
    id: s.id,
    url: s.url,
    types: s.types ?? undefined,
    consignmentRef: s.consignmentRef ?? undefined,
    format: s.format,
    status: s.status,
    ...(s.pausedReason ? { pausedReason: s.pausedReason } : {}),
    consecutiveFailures: s.consecutiveFailures,
    nextAttemptAt: s.nextAttemptAt,
    /** The inbox cursor of the last delivery the endpoint took (or the filter skipped). */
    cursor: encodeCursor(s.cursor),
    createdAt: s.createdAt,
  };
}

export function attemptView(a: WebhookAttemptEntity) {
  return {
    cursor: encodeCursor(a.seq),
    messageId: a.messageId,
    attempt: a.attempt,
    succeeded: a.succeeded,
    ...(a.statusCode !== null ? { statusCode: a.statusCode } : {}),
    ...(a.error !== null ? { error: a.error } : {}),
    at: a.attemptedAt,
  };
}
