/** The p-th percentile (0 < p ≤ 100) of ascending `sorted` by the nearest-rank method; undefined when empty. */
export function percentile(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export interface LatencySummary {
  count: number;
  p50Ms: number | null;
  p99Ms: number | null;
}

/** Pipeline latency of routed messages: from when the exchange received each one to when the router routed it. */
export function latencySummary(
  rows: ReadonlyArray<{ receivedAt: string; routedAt: string | null }>,
): LatencySummary {
  const ms = rows
    .filter((r) => r.routedAt !== null)
    .map((r) => Date.parse(r.routedAt!) - Date.parse(r.receivedAt))
    .filter((d) => Number.isFinite(d))
    .map((d) => Math.max(0, d))
    .sort((a, b) => a - b);
  return { count: ms.length, p50Ms: percentile(ms, 50) ?? null, p99Ms: percentile(ms, 99) ?? null };
}
