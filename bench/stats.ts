/** The p-th percentile (nearest rank) of the values; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export interface Sample {
  atMs: number;
  value: number;
}

export interface Trend {
  /** Median of the first window and of the last. */
  first: number;
  last: number;
  /** Growth from the first window to the last, in percent of the first, scaled to an hour. */
  percentPerHour: number;
}

/**
 * First window against last (each `fraction` of the span, medians: one slow sample does not make a trend), the
 * change scaled to an hour. A figure that starts at zero and stays there does not grow; one that leaves zero grows
 * without bound.
 */
export function trend(samples: readonly Sample[], fraction = 0.2): Trend {
  if (samples.length < 2) return { first: NaN, last: NaN, percentPerHour: NaN };
  const start = samples[0].atMs;
  const end = samples[samples.length - 1].atMs;
  const width = Math.max(1, (end - start) * fraction);
  const firstWindow = samples.filter((s) => s.atMs <= start + width);
  const lastWindow = samples.filter((s) => s.atMs >= end - width);
  const first = percentile(
    firstWindow.map((s) => s.value),
    50,
  );
  const last = percentile(
    lastWindow.map((s) => s.value),
    50,
  );
  const middle = (w: readonly Sample[]) => (w[0].atMs + w[w.length - 1].atMs) / 2;
  const hours = (middle(lastWindow) - middle(firstWindow)) / 3_600_000;
  const change = first === 0 ? (last === 0 ? 0 : Infinity) : (last - first) / first;
  return { first, last, percentPerHour: hours > 0 ? (change * 100) / hours : 0 };
}
