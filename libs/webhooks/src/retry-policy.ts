/** How a subscription's failing deliveries are retried, and when it is paused instead. */
export interface RetryPolicy {
  /** Delay before the first retry; doubled for each further one. */
  baseDelayMs: number;
  /** No retry waits longer than this. */
  maxDelayMs: number;
  /** Consecutive failed attempts after which the subscription is paused (until its owner resumes it). */
  maxFailures: number;
}

/**
 * Exponential backoff with "equal jitter": half the exponential delay fixed, half random, so retries of many
 * subscriptions after a shared outage spread out instead of arriving together. `random` is in [0, 1).
 */
export function retryDelayMs(failures: number, policy: RetryPolicy, random: number): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, Math.min(failures - 1, 30)));
  return Math.round(exp / 2 + (exp / 2) * random);
}

/** What to do after a failed attempt, given the consecutive failures so far including this one. */
export function afterFailure(
  failures: number,
  policy: RetryPolicy,
  now: Date,
  random: number,
): { pause: true } | { pause: false; retryAt: Date } {
  if (failures >= policy.maxFailures) return { pause: true };
  return { pause: false, retryAt: new Date(now.getTime() + retryDelayMs(failures, policy, random)) };
}

/** A 2xx answer is a success; anything else, a timeout or a network error is a failure to retry. */
export function isSuccess(status: number | undefined): boolean {
  return status !== undefined && status >= 200 && status < 300;
}
