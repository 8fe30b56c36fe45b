import { trend } from '../stats';
import type { Series } from './sampler';

/** The goal: no series grows by 5 % an hour or more. */
export const FLAT_PERCENT_PER_HOUR = 5;

/** Series shown but not judged: the history is meant to grow; the backlog says whether the readers kept up. */
const NOT_JUDGED = new Set(['database MB', 'messages not yet acked']);

/** One line a series: first and last window, growth an hour, and FLAT or GROWS; and the names of the growing ones. */
export function trendTable(series: Series): { text: string; growing: string[] } {
  const width = Math.max(...[...series.keys()].map((n) => n.length));
  const growing: string[] = [];
  const lines = [`  ${'series'.padEnd(width)}    first     last   % an hour`];
  for (const [name, samples] of series) {
    const t = trend(samples);
    const judged = !NOT_JUDGED.has(name);
    const grows = !(t.percentPerHour < FLAT_PERCENT_PER_HOUR);
    if (judged && grows) growing.push(name);
    const verdict = judged ? (grows ? 'GROWS' : 'FLAT') : '(not judged)';
    lines.push(
      `  ${name.padEnd(width)} ${t.first.toFixed(1).padStart(8)} ${t.last.toFixed(1).padStart(8)} ` +
        `${t.percentPerHour.toFixed(0).padStart(11)}   ${verdict}`,
    );
  }
  return { text: lines.join('\n'), growing };
}
