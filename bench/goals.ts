/** A goal of issue 18 with the figure measured for it. */
export interface Goal {
  what: string;
  figure: number;
  unit: string;
  /** `min`: the figure must be at least the target; `max`: under it (or equal). */
  bound: 'min' | 'max';
  target: number;
}

export function verdict(g: Goal): 'PASS' | 'MISS' {
  if (!Number.isFinite(g.figure)) return 'MISS';
  return (g.bound === 'min' ? g.figure >= g.target : g.figure <= g.target) ? 'PASS' : 'MISS';
}

/** One line a goal: what, the figure, the goal, PASS or MISS; aligned. */
export function goalLines(goals: readonly Goal[]): string[] {
  const width = Math.max(...goals.map((g) => g.what.length));
  return goals.map(
    (g) =>
      `${g.what.padEnd(width)}  ${`${g.figure} ${g.unit}`.padStart(14)}  ` +
      `goal ${g.bound === 'min' ? '≥' : '≤'} ${g.target} ${g.unit}`.padEnd(22) +
      `  ${verdict(g)}`,
  );
}
