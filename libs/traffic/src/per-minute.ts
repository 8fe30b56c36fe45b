const MINUTE = 60_000;

export interface TrafficRow {
  type: string;
  status: string;
  receivedAt: string;
}

export interface MinuteSeries {
  type: string;
  outcome: string;
  /** One count per minute of `PerMinute.minutes`. */
  counts: number[];
}

export interface PerMinute {
  /** Start of each minute of the window, oldest first, the current (partial) minute last. */
  minutes: string[];
  series: MinuteSeries[];
}

/** Messages per minute by type and outcome over the `windowMinutes` minutes up to and including `now`'s minute. */
export function perMinute(rows: readonly TrafficRow[], now: Date, windowMinutes: number): PerMinute {
  const last = Math.floor(now.getTime() / MINUTE) * MINUTE;
  const first = last - (windowMinutes - 1) * MINUTE;
  const minutes = Array.from({ length: windowMinutes }, (_, i) => new Date(first + i * MINUTE).toISOString());
  const series = new Map<string, MinuteSeries>();
  for (const r of rows) {
    const t = Date.parse(r.receivedAt);
    if (!(t >= first && t < last + MINUTE)) continue;
    const key = `${r.type}\u0000${r.status}`;
    let s = series.get(key);
    if (!s) {
      s = { type: r.type, outcome: r.status, counts: new Array<number>(windowMinutes).fill(0) };
      series.set(key, s);
    }
    s.counts[Math.floor((t - first) / MINUTE)]++;
  }
  const ordered = [...series.values()].sort(
    (a, b) => a.type.localeCompare(b.type) || a.outcome.localeCompare(b.outcome),
  );
  return { minutes, series: ordered };
}

/** The first instant of the window `perMinute` covers. */
export function windowStart(now: Date, windowMinutes: number): Date {
  return new Date(Math.floor(now.getTime() / MINUTE) * MINUTE - (windowMinutes - 1) * MINUTE);
}
