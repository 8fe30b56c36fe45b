import { latencySummary, percentile } from './percentile';

describe('percentile (nearest rank)', () => {
  it.each([
    [[], 50, undefined],
    [[7], 50, 7],
    [[7], 99, 7],
    [[1, 2, 3, 4], 50, 2],
    [[1, 2, 3, 4], 75, 3],
    [[1, 2, 3, 4], 100, 4],
    [Array.from({ length: 100 }, (_, i) => i + 1), 99, 99],
    [Array.from({ length: 1000 }, (_, i) => i + 1), 99, 990],
    [[5, 10], 1, 5],
  ])('of %j at p%d is %s', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });
});

describe('latencySummary', () => {
  const at = (s: number) => new Date(Date.UTC(2026, 10, 25, 10, 0, 0) + s).toISOString();

  it('measures received → routed, ignoring messages not routed yet', () => {
    const rows = [
      { receivedAt: at(0), routedAt: at(30) },
      { receivedAt: at(0), routedAt: at(10) },
      { receivedAt: at(0), routedAt: at(20) },
      { receivedAt: at(0), routedAt: null },
    ];
    expect(latencySummary(rows)).toEqual({ count: 3, p50Ms: 20, p99Ms: 30 });
  });

  it('reports nothing measured as nulls', () => {
    expect(latencySummary([])).toEqual({ count: 0, p50Ms: null, p99Ms: null });
  });

  it('clamps clock skew between apps to zero', () => {
    expect(latencySummary([{ receivedAt: at(50), routedAt: at(0) }]).p50Ms).toBe(0);
  });
});
