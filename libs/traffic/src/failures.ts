export interface RuleFailures {
  rule: string;
  count: number;
}

/**
 * Validation failures by rule over rejected messages: a message breaking one rule at three places counts once for
 * that rule, so the numbers read as "messages rejected for this rule". Most frequent first.
 */
export function failuresByRule(
  rows: ReadonlyArray<{ errors: ReadonlyArray<{ rule: string }> | null }>,
): RuleFailures[] {
  const counts = new Map<string, number>();
  for (const r of rows) {
    for (const rule of new Set((r.errors ?? []).map((e) => e.rule)))
      counts.set(rule, (counts.get(rule) ?? 0) + 1);
  }
  return [...counts]
    .map(([rule, count]) => ({ rule, count }))
    .sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule));
}
