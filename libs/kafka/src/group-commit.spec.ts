import { GroupCommit } from './group-commit';

/** A flush that waits until released, recording what it was given. */
function gate() {
  const flushed: number[][] = [];
  const releases: Array<(err?: Error) => void> = [];
  const flush = (items: number[]) =>
    new Promise<void>((resolve, reject) => {
      flushed.push(items);
      releases.push((err) => (err ? reject(err) : resolve()));
    });
  return { flushed, flush, release: (err?: Error) => releases.shift()!(err) };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('GroupCommit', () => {
  it('flushes a lone write within a turn of the event loop, with what was written in the same turn', async () => {
    const g = gate();
    const gc = new GroupCommit(g.flush);
    const done = Promise.all([gc.write([1, 2]), gc.write([3])]);
    expect(g.flushed).toEqual([]);
    await tick();
    expect(g.flushed).toEqual([[1, 2, 3]]);
    g.release();
    await expect(done).resolves.toEqual([undefined, undefined]);
  });

  it('gathers the writes that arrive during a flush into the next one, in order', async () => {
    const g = gate();
    const gc = new GroupCommit(g.flush);
    const first = gc.write([1]);
    await tick();
    const second = gc.write([2, 3]);
    const third = gc.write([4]);
    expect(g.flushed).toEqual([[1]]);
    g.release();
    await first;
    await tick();
    expect(g.flushed).toEqual([[1], [2, 3, 4]]);
    g.release();
    await expect(Promise.all([second, third])).resolves.toEqual([undefined, undefined]);
  });

  it('rejects every write of a failed flush, and only those', async () => {
    const g = gate();
    const gc = new GroupCommit(g.flush);
    const first = gc.write([1]);
    await tick();
    const second = gc.write([2]);
    const third = gc.write([3]);
    g.release();
    await first;
    await tick();
    g.release(new Error('broker down'));
    await expect(second).rejects.toThrow('broker down');
    await expect(third).rejects.toThrow('broker down');
    const fourth = gc.write([4]);
    await tick();
    expect(g.flushed.at(-1)).toEqual([4]);
    g.release();
    await expect(fourth).resolves.toBeUndefined();
  });

  it('keeps a flush within maxWeight, whole writes only, a heavier write alone', async () => {
    const g = gate();
    const gc = new GroupCommit(g.flush, 3);
    const writes = [gc.write([0])];
    await tick();
    writes.push(gc.write([1, 2]), gc.write([3, 4]), gc.write([5, 6, 7, 8]), gc.write([9]));
    for (let i = 0; i < 4; i++) {
      g.release();
      await tick();
      await tick();
    }
    expect(g.flushed).toEqual([[0], [1, 2], [3, 4], [5, 6, 7, 8], [9]]);
    g.release();
    await Promise.all(writes);
  });

  it('weighs items as told', async () => {
    const g = gate();
    const gc = new GroupCommit(g.flush, 10, (n) => n);
    const writes = [gc.write([1])];
    await tick();
    writes.push(gc.write([4, 5]), gc.write([2]), gc.write([3]));
    g.release();
    await tick();
    await tick();
    expect(g.flushed).toEqual([[1], [4, 5]]);
    g.release();
    await tick();
    await tick();
    expect(g.flushed).toEqual([[1], [4, 5], [2, 3]]);
    g.release();
    await Promise.all(writes);
  });

  it('resolves an empty write without a flush', async () => {
    const g = gate();
    await new GroupCommit(g.flush).write([]);
    expect(g.flushed).toEqual([]);
  });
});
