import { percentile, trend } from './stats';

describe('percentile', () => {
  it.each([
    [[], 50, NaN],
    [[7], 99, 7],
    [[1, 2, 3, 4], 50, 2],
    [[4, 3, 2, 1], 75, 3],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 99, 10],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 10, 1],
  ])('%j p%d is %d', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });
});

describe('trend', () => {
  const at = (minute: number, value: number) => ({ atMs: minute * 60_000, value });

  it('is flat when the first and last windows agree, one outlier aside', () => {
    const samples = [at(0, 10), at(1, 10), at(2, 50), at(3, 10), at(4, 10), at(5, 10)];
    expect(trend(samples, 0.4).percentPerHour).toBe(0);
  });

  it('scales the change between the windows to an hour', () => {
    // 100 → 110 between the windows' middles, 30 minutes apart: 10 % in half an hour, 20 % an hour.
    const samples = [at(0, 100), at(10, 100), at(20, 105), at(30, 110), at(40, 110)];
    const t = trend(samples, 0.25);
    expect(t.first).toBe(100);
    expect(t.last).toBe(110);
    expect(t.percentPerHour).toBeCloseTo(10 / 0.5);
  });

  it('shrinking is negative growth', () => {
    expect(trend([at(0, 200), at(60, 100)]).percentPerHour).toBeCloseTo(-50);
  });

  it('from zero: flat if it stays there, unbounded if it leaves', () => {
    expect(trend([at(0, 0), at(10, 0)]).percentPerHour).toBe(0);
    expect(trend([at(0, 0), at(10, 1)]).percentPerHour).toBe(Infinity);
  });

  it('needs two samples', () => {
    expect(trend([at(0, 1)]).percentPerHour).toBeNaN();
  });
});
