import { constants, PerformanceObserver } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { Gauge, Registry } from 'prom-client';

/**
 * `cx_nodejs_heap_after_major_gc_bytes`: the heap used just after the last full (mark-compact) collection, i.e. about
 * what is still alive. Heap used and resident memory climb for minutes between two full collections in a process
 * that promotes little, so a leak shows in this one's trend, not in theirs. Absent until the first full collection.
 */
export function liveHeapMetric(registry: Registry): void {
  let afterMajor: number | undefined;
  const observer = new PerformanceObserver((list) => {
    const major = list
      .getEntries()
      .some(
        (e) => (e as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR,
      );
    if (major) afterMajor = getHeapStatistics().used_heap_size;
  });
  observer.observe({ entryTypes: ['gc'] });
  new Gauge({
    name: 'cx_nodejs_heap_after_major_gc_bytes',
    help: 'Heap used just after the last full garbage collection (about the live set)',
    registers: [registry],
    collect() {
      if (afterMajor === undefined) this.reset();
      else this.set(afterMajor);
    },
  });
}
