/**
 * Two or more notifiers share the subscriptions: each serves a subscription only while it holds its lease in the
 * database, so no two post its deliveries at once (which would post some twice and break their order). A lease
 * outlives the longest post it covers, and is renewed before it could end during one; a notifier that dies holds its
 * subscriptions until their leases end, which bounds how long they wait for another notifier.
 */
export interface LeaseTerms {
  /** How long a lease runs from when it is taken or renewed. */
  lengthMs: number;
  /** Renew before an attempt when less than this is left: enough for one post and its recording. */
  renewBelowMs: number;
}

/** Lease terms for a webhook timeout: one post (the timeout) plus slack always fits in what is left. */
export function leaseTerms(webhookTimeoutMs: number): LeaseTerms {
  return { lengthMs: 2 * webhookTimeoutMs + 10_000, renewBelowMs: webhookTimeoutMs + 5_000 };
}

export interface Leased {
  leaseOwner?: string | null;
  leaseUntil?: string | null;
}

/** Another notifier's lease on it is still running: leave it to that one. */
export function heldElsewhere(s: Leased, me: string, now: Date): boolean {
  return !!s.leaseOwner && s.leaseOwner !== me && !!s.leaseUntil && s.leaseUntil >= now.toISOString();
}

/** Another notifier held it and its lease ran out (it died or stopped serving it): take it over. */
export function orphaned(s: Leased, me: string, now: Date): boolean {
  return !!s.leaseOwner && s.leaseOwner !== me && !heldElsewhere(s, me, now);
}

/** Whether a lease held until `until` must be renewed before the next attempt. */
export function mustRenew(until: Date | undefined, now: Date, terms: LeaseTerms): boolean {
  return until === undefined || until.getTime() - now.getTime() < terms.renewBelowMs;
}
