/**
 * Group commit: writes that arrive while one is in flight are gathered and flushed together, in arrival order, as
 * soon as it completes. A lone write goes out within one turn of the event loop (no timed lingering); under
 * concurrency, many small writes become a few large ones. The gateway uses it so that concurrent requests share one
 * acks=all produce and one database insert instead of queueing behind each other's (its idempotent producer allows
 * one request in flight); the transactional transport, so that partitions' batches share one transaction.
 */
export class GroupCommit<T> {
  private readonly queue: Array<{ items: T[]; resolve: () => void; reject: (err: unknown) => void }> = [];
  private flushing = false;

  constructor(
    private readonly flush: (items: T[]) => Promise<void>,
    /** A flush takes whole writes up to this weight (a single heavier write goes alone). */
    private readonly maxWeight = 2000,
    /** An item's weight; 1 by default, so maxWeight counts items. */
    private readonly weightOf: (item: T) => number = () => 1,
  ) {}

  /** Resolves once a flush holding these items succeeded; rejects with that flush's error. */
  write(items: T[]): Promise<void> {
    if (items.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
      if (!this.flushing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.flushing = true;
    while (this.queue.length > 0) {
      // Let writes started in the same turn of the event loop (a fetch's partitions, requests read together) join.
      await new Promise((resolve) => setImmediate(resolve));
      const weigh = (items: T[]) => items.reduce((sum, item) => sum + this.weightOf(item), 0);
      let weight = weigh(this.queue[0].items);
      let n = 1;
      while (n < this.queue.length && weight + weigh(this.queue[n].items) <= this.maxWeight)
        weight += weigh(this.queue[n++].items);
      const group = this.queue.splice(0, n);
      try {
        await this.flush(group.flatMap((w) => w.items));
        for (const w of group) w.resolve();
      } catch (err) {
        for (const w of group) w.reject(err);
      }
    }
    this.flushing = false;
  }
}
