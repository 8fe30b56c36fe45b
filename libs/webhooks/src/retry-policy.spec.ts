import { afterFailure, isSuccess, retryDelayMs, RetryPolicy } from './retry-policy';

const policy: RetryPolicy = { baseDelayMs: 1000, maxDelayMs: 60_000, maxFailures: 5 };

describe('retry policy', () => {
  it.each([
    [1, 0, 500],
    [1, 0.999, 1000],
    [2, 0, 1000],
    [3, 0.5, 3000],
    [10, 0, 30_000],
    [10, 1, 60_000],
    [100, 0, 30_000],
  ])('failure %d with random %d waits %d ms', (failures, random, expected) => {
    expect(retryDelayMs(failures, policy, random)).toBe(expected);
  });

  it('retries until maxFailures, then pauses', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(afterFailure(1, policy, now, 0)).toEqual({ pause: false, retryAt: new Date(now.getTime() + 500) });
    expect(afterFailure(4, policy, now, 0)).toEqual({
      pause: false,
      retryAt: new Date(now.getTime() + 4000),
    });
    expect(afterFailure(5, policy, now, 0)).toEqual({ pause: true });
  });

  it.each([
    [200, true],
    [204, true],
    [299, true],
    [301, false],
    [404, false],
    [500, false],
    [undefined, false],
  ])('status %s is a success: %s', (status, expected) => expect(isSuccess(status)).toBe(expected));
});
