import type { AppName, Exchange } from '../../test/support/exchange';
import { metricsOf } from '../app-metrics';
import { processUsage, residentMb } from '../process-usage';
import { percentile, Sample } from '../stats';

/** Every series the soak samples, by name (`gateway CPU %`, `SSE latency p99 ms`…). */
export type Series = Map<string, Sample[]>;

/**
 * Samples each app's CPU (share of one core since the last sample), resident memory, and from its /metrics its heap
 * used, external memory and event-loop lag (p99 of the window: prom-client resets the histogram at each scrape), and
 * the percentiles of the latencies gathered since the last sample.
 */
export class Sampler {
  readonly series: Series = new Map();
  private last?: { at: number; cpu: number[] };
  readonly latencies = new Map<string, number[]>();

  constructor(
    private readonly x: Exchange,
    private readonly apps: AppName[],
  ) {}

  /** Records one latency of a kind (`answer`, `SSE latency`, `polling latency`) for the current window. */
  observe(kind: string, ms: number): void {
    const list = this.latencies.get(kind) ?? [];
    list.push(ms);
    this.latencies.set(kind, list);
  }

  async sample(extra: Record<string, number> = {}): Promise<void> {
    const at = Date.now();
    const cpu = await Promise.all(this.apps.map(async (a) => (await processUsage(this.x.pid(a))).cpuSeconds));
    const metrics = await Promise.all(this.apps.map((a) => metricsOf(this.x, a)));
    const mb = (i: number, name: string) => metrics[i](name) / 2 ** 20;
    if (this.last) {
      const seconds = (at - this.last.at) / 1000;
      this.apps.forEach((a, i) => {
        this.add(`${a} CPU %`, at, ((cpu[i] - this.last!.cpu[i]) / seconds) * 100);
        this.add(`${a} RSS MB`, at, residentMb(this.x.pid(a)));
        // Heap used and external memory beside RSS tell a JavaScript leak from a heap or allocator still settling.
        this.add(`${a} heap used MB`, at, mb(i, 'cx_nodejs_heap_size_used_bytes'));
        // Heap used climbs between two full collections; what survives them is the figure a leak moves.
        const live = mb(i, 'cx_nodejs_heap_after_major_gc_bytes');
        if (live > 0) this.add(`${a} live heap MB`, at, live);
        this.add(`${a} external MB`, at, mb(i, 'cx_nodejs_external_memory_bytes'));
        this.add(`${a} event-loop p99 ms`, at, metrics[i]('cx_nodejs_eventloop_lag_p99_seconds') * 1000);
      });
      for (const [kind, values] of this.latencies) {
        this.add(`${kind} p50 ms`, at, percentile(values, 50));
        this.add(`${kind} p99 ms`, at, percentile(values, 99));
      }
      for (const [name, value] of Object.entries(extra)) this.add(name, at, value);
    }
    this.latencies.clear();
    this.last = { at, cpu };
  }

  private add(name: string, atMs: number, value: number): void {
    if (!Number.isFinite(value)) return;
    const list = this.series.get(name) ?? [];
    list.push({ atMs, value: +value.toFixed(2) });
    this.series.set(name, list);
  }
}
