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

    const collected = async () => {
      gc();
      await sleep(50); // the observer hears of a collection on a later turn
      return (await value(registry))!;
    };

    expect(await collected()).toBeGreaterThan(1_000_000);
    // 40 MB kept alive across one collection, then dropped before the next: the metric follows what survives, not
    // what was allocated. Compared with each other, not with a first reading that a previous spec's garbage, still
    // being released in the same worker, could make larger.
    const holder: { kept?: number[][] } = {
      kept: Array.from({ length: 40 }, () => new Array<number>(131_072).fill(1.5)),
    };
    const withKept = await collected();
    delete holder.kept; // not handed to expect(), which would keep it alive
    const afterDrop = await collected();
    expect(withKept - afterDrop).toBeGreaterThan(35 * 2 ** 20);
  });
});
