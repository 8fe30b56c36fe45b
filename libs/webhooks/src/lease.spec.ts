import { heldElsewhere, leaseTerms, mustRenew, orphaned } from './lease';

const now = new Date('2026-12-07T06:00:00.000Z');
const later = (ms: number) => new Date(now.getTime() + ms).toISOString();

describe('notifier leases', () => {
  it('outlive one post with slack, and are renewed while one more post still fits', () => {
    const terms = leaseTerms(10_000);
    expect(terms).toEqual({ lengthMs: 30_000, renewBelowMs: 15_000 });
    expect(mustRenew(undefined, now, terms)).toBe(true);
    expect(mustRenew(new Date(later(20_000)), now, terms)).toBe(false);
    expect(mustRenew(new Date(later(14_999)), now, terms)).toBe(true);
  });

  it('leave a subscription to another notifier while its lease runs, and take it over once it ran out', () => {
    const running = { leaseOwner: 'b', leaseUntil: later(1) };
    const ended = { leaseOwner: 'b', leaseUntil: later(-1) };
    expect(heldElsewhere(running, 'a', now)).toBe(true);
    expect(orphaned(running, 'a', now)).toBe(false);
    expect(heldElsewhere(ended, 'a', now)).toBe(false);
    expect(orphaned(ended, 'a', now)).toBe(true);
    // Its own lease, or none, is neither.
    for (const s of [{ leaseOwner: 'a', leaseUntil: later(1) }, { leaseOwner: null, leaseUntil: null }, {}]) {
      expect(heldElsewhere(s, 'a', now)).toBe(false);
      expect(orphaned(s, 'a', now)).toBe(false);
    }
  });
});
