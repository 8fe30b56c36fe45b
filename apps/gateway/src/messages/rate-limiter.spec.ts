import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('allows a burst, then refuses until tokens refill', () => {
    let now = 0;
    const limiter = new RateLimiter(10, 20, () => now);
    expect(limiter.take('KZ-RAIL-KTZ', 20)).toBe(0);
    expect(limiter.take('KZ-RAIL-KTZ')).toBe(1);
    now += 500; // five tokens back
    expect(limiter.take('KZ-RAIL-KTZ', 5)).toBe(0);
    expect(limiter.take('KZ-RAIL-KTZ', 1)).toBeGreaterThan(0);
  });

  it('keeps participants apart', () => {
    const limiter = new RateLimiter(1, 1, () => 0);
    expect(limiter.take('A')).toBe(0);
    expect(limiter.take('B')).toBe(0);
    expect(limiter.take('A')).toBeGreaterThan(0);
  });

  it('says how long to wait for a batch larger than what is left', () => {
    const limiter = new RateLimiter(100, 200, () => 0);
    expect(limiter.take('A', 150)).toBe(0);
    expect(limiter.take('A', 100)).toBe(1);
  });
});
