import { KeyedQueue } from './keyed-queue';

describe('KeyedQueue', () => {
  it('runs the tasks of one key one at a time, in order, and those of other keys beside them', async () => {
    const q = new KeyedQueue();
    const log: string[] = [];
    let running = 0;
    let most = 0;
    const task = (name: string) => async () => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 5));
      log.push(name);
      running -= 1;
      return name;
    };
    const a = Promise.all([q.run('a', task('a1')), q.run('a', task('a2')), q.run('a', task('a3'))]);
    const b = q.run('b', task('b1'));
    expect(await a).toEqual(['a1', 'a2', 'a3']);
    expect(await b).toBe('b1');
    expect(log.filter((n) => n.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
    expect(most).toBe(2);
  });

  it('goes on with the next task after one fails', async () => {
    const q = new KeyedQueue();
    const failed = q.run('a', () => Promise.reject(new Error('no')));
    const next = q.run('a', () => Promise.resolve('yes'));
    await expect(failed).rejects.toThrow('no');
    await expect(next).resolves.toBe('yes');
  });
});
