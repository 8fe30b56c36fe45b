import { setTimeout as sleep } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Registry } from 'prom-client';
import { liveHeapMetric } from './live-heap';

const value = async (registry: Registry) =>
  (await registry.getSingleMetric('cx_nodejs_heap_after_major_gc_bytes')!.get()).values[0]?.value;

describe('liveHeapMetric', () => {
  it('reports the heap used after a full collection, and what stays alive after the next one', async () => {
    const registry = new Registry();
    liveHeapMetric(registry);
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;

    gc();
    await sleep(50); // the observer hears of a collection on a later turn
    const before = await value(registry);
    expect(before).toBeGreaterThan(1_000_000);

    // 40 MB kept alive, then 40 MB dropped: the metric follows what survives, not what was allocated.
    const holder: { kept?: number[][] } = {
      kept: Array.from({ length: 40 }, () => new Array<number>(131_072).fill(1.5)),
    };
    gc();
    await sleep(50);
    expect((await value(registry))! - before!).toBeGreaterThan(35 * 2 ** 20);
    delete holder.kept; // not handed to expect(), which would keep it alive
    gc();
    await sleep(50);
    expect((await value(registry))! - before!).toBeLessThan(5 * 2 ** 20);
  });
});
