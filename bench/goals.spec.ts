import { goalLines, verdict } from './goals';

describe('goals', () => {
  it.each([
    ['min', 2500, 2000, 'PASS'],
    ['min', 2000, 2000, 'PASS'],
    ['min', 1999, 2000, 'MISS'],
    ['max', 0.25, 0.25, 'PASS'],
    ['max', 0.3, 0.25, 'MISS'],
    ['max', NaN, 0.25, 'MISS'],
  ] as const)('%s: %d against %d is %s', (bound, figure, target, expected) => {
    expect(verdict({ what: 'x', unit: 'u', bound, figure, target })).toBe(expected);
  });

  it('prints the figure beside its goal', () => {
    const [line] = goalLines([
      { what: 'router CPU a message', figure: 1.1, unit: 'ms', bound: 'max', target: 0.25 },
    ]);
    expect(line).toMatch(/router CPU a message +1\.1 ms +goal ≤ 0\.25 ms +MISS$/);
  });
});
