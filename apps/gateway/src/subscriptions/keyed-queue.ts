/**
 * Runs the tasks of one key one after another (tasks of other keys run beside them). The subscription limit is a
 * count followed by an insert: without this, concurrent creations by one participant all see the same count.
 * One gateway process serialises its own requests; several gateways would need the database to enforce the limit.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
