import { KeyCheckLimits, KeyCheckThrottle } from './key-check-throttle';

const limits: KeyCheckLimits = {
  failuresPerKey: 2,
  failuresPerAddress: 3,
  windowMs: 10_000,
  inFlightPerAddress: 2,
  inFlightPerKey: 1,
  inFlightTotal: 3,
  maxTracked: 100,
};

describe('KeyCheckThrottle', () => {
  it('refuses a key id from an address past its failure budget there until its window ends, not from elsewhere', () => {
    let now = 0;
    const t = new KeyCheckThrottle(limits, () => now);
    t.failed('k1', '10.0.0.1');
    t.failed('k1', '10.0.0.1');
    expect(t.admit('k1', '10.0.0.1')).toEqual({ admitted: false, retryAfterS: 10 });
    // Whoever knows a key id cannot lock its owner out from another address.
    expect(t.admit('k1', '10.0.0.3').admitted).toBe(true);
    now = 10_000;
    expect(t.admit('k1', '10.0.0.1').admitted).toBe(true);
  });

  it('refuses an address past its failure budget, whatever the key id', () => {
    const t = new KeyCheckThrottle(limits, () => 0);
    for (const k of ['a', 'b', 'c']) t.failed(k, '10.0.0.1');
    expect(t.admit('d', '10.0.0.1').admitted).toBe(false);
    expect(t.admit('d', '10.0.0.2').admitted).toBe(true);
  });

  it('bounds checks in flight per key id and address, per address and in total, until released', () => {
    const t = new KeyCheckThrottle(limits, () => 0);
    const first = t.admit('k1', 'A');
    expect(first.admitted).toBe(true);
    expect(t.admit('k1', 'A')).toEqual({ admitted: false, retryAfterS: 1 });
    expect(t.admit('k2', 'A').admitted).toBe(true);
    expect(t.admit('k3', 'A').admitted).toBe(false);
    expect(t.admit('k4', 'B').admitted).toBe(true);
    expect(t.admit('k5', 'C').admitted).toBe(false);
    if (first.admitted) {
      first.release();
      first.release();
    }
    expect(t.admit('k5', 'C').admitted).toBe(true);
  });

  it('stays within its bound of tracked windows', () => {
    const t = new KeyCheckThrottle({ ...limits, maxTracked: 4, failuresPerKey: 1 }, () => 0);
    for (let i = 0; i < 10; i++) t.failed(`k${i}`, `10.0.0.${i}`);
    expect(t.admit('k0', '10.0.0.0').admitted).toBe(true);
    expect(t.admit('k9', '10.0.0.9').admitted).toBe(false);
  });
});
