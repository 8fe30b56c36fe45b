import { bodyVerdict, BodyMark, BodyRow, cutoffsAt, RetentionPruner, RetentionTarget } from './retention';

const NOW = new Date('2026-01-31T00:00:00.000Z');

describe('cutoffsAt', () => {
  it('keeps everything forever by default', () => {
    expect(cutoffsAt({ deliveriesDays: 0, bodiesDays: 0 }, NOW)).toEqual({});
  });

  it('counts whole days back from now', () => {
    expect(cutoffsAt({ deliveriesDays: 30, bodiesDays: 365 }, NOW)).toEqual({
      deliveries: '2026-01-01T00:00:00.000Z',
      bodies: '2025-01-31T00:00:00.000Z',
    });
  });
});

const row = (over: Partial<BodyRow> = {}): BodyRow => ({
  id: 'm',
  receivedAt: '2020-01-01T00:00:00.000Z',
  type: 'transport.status',
  status: 'routed',
  blank: false,
  delivered: false,
  replaced: false,
  ...over,
});

describe('bodyVerdict', () => {
  it.each([
    ['an old status with no delivery left', row(), 'prune'],
    ['a rejected message', row({ status: 'rejected', type: 'consignment.note' }), 'prune'],
    ['a body pruned already', row({ blank: true }), 'done'],
    ['a body a delivery still shows', row({ delivered: true }), 'wait'],
    ['a message not routed yet', row({ status: 'accepted' }), 'wait'],
    ['the current consignment note', row({ type: 'consignment.note' }), 'needed'],
    ['a current customs declaration', row({ type: 'customs.declaration' }), 'needed'],
    ['a corrected consignment note', row({ type: 'consignment.note', replaced: true }), 'prune'],
  ])('%s: %s', (_, r, verdict) => {
    expect(bodyVerdict(r)).toBe(verdict);
  });
});

/** A database of `deliveries` (their times) and `messages`, pruned as RetentionStore does. */
class FakeTarget implements RetentionTarget {
  calls: string[] = [];
  constructor(
    public deliveries: string[],
    public messages: BodyRow[],
  ) {}

  deleteDeliveries(cutoff: string, limit: number): Promise<number> {
    const old = this.deliveries.filter((t) => t < cutoff).slice(0, limit);
    this.calls.push(`delete ${old.length}`);
    this.deliveries = this.deliveries.filter((t) => !old.includes(t));
    return Promise.resolve(old.length);
  }

  scanBodies(cutoff: string, after: BodyMark | undefined, limit: number): Promise<BodyRow[]> {
    this.calls.push(`scan after ${after?.id ?? '-'}`);
    const key = (m: BodyMark) => `${m.receivedAt}|${m.id}`;
    return Promise.resolve(
      this.messages
        .filter((m) => m.receivedAt < cutoff && (!after || key(m) > key(after)))
        .slice(0, limit)
        .map((m) => ({ ...m })),
    );
  }

  blankBodies(ids: string[]): Promise<number> {
    const hit = this.messages.filter((m) => ids.includes(m.id) && !m.blank && !m.delivered);
    for (const m of hit) m.blank = true;
    return Promise.resolve(hit.length);
  }
}

const day = (d: number) => new Date(Date.UTC(2025, 0, d)).toISOString();

describe('RetentionPruner', () => {
  it('prunes nothing and reads nothing under the default policy', async () => {
    const target = new FakeTarget([day(1)], [row()]);
    const pruner = new RetentionPruner(target, { deliveriesDays: 0, bodiesDays: 0 }, 2);
    expect(await pruner.run(NOW)).toEqual({ deliveries: 0, bodies: 0 });
    expect(target.calls).toEqual([]);
  });

  it('deletes the deliveries before the cutoff in bounded batches, and no others', async () => {
    const times = [1, 2, 3, 4, 5, 20, 25].map(day);
    const target = new FakeTarget(times, []);
    const pruner = new RetentionPruner(target, { deliveriesDays: 20, bodiesDays: 0 }, 2);
    expect(await pruner.run(new Date(day(30)))).toEqual({ deliveries: 5, bodies: 0 });
    expect(target.deliveries).toEqual([day(20), day(25)]);
    expect(target.calls).toEqual(['delete 2', 'delete 2', 'delete 1']);
  });

  it('blanks bodies in batches, keeping what is needed and resuming before what must wait', async () => {
    const messages = [
      row({ id: 'a', receivedAt: day(1) }),
      row({ id: 'b', receivedAt: day(2), type: 'consignment.note' }),
      row({ id: 'c', receivedAt: day(3), delivered: true }),
      row({ id: 'd', receivedAt: day(4) }),
      row({ id: 'e', receivedAt: day(5) }),
      row({ id: 'f', receivedAt: day(28) }),
    ];
    const target = new FakeTarget([], messages);
    const pruner = new RetentionPruner(target, { deliveriesDays: 10, bodiesDays: 20 }, 2);
    expect(await pruner.run(new Date(day(30)))).toEqual({ deliveries: 0, bodies: 3 });
    expect(messages.filter((m) => m.blank).map((m) => m.id)).toEqual(['a', 'd', 'e']);
    expect(target.calls.filter((c) => c.startsWith('scan'))).toEqual([
      'scan after -',
      'scan after b',
      'scan after d',
    ]);

    // c's delivery went since: the next run starts at c, not at the beginning nor after e.
    messages[2].delivered = false;
    target.calls = [];
    expect(await pruner.run(new Date(day(30)))).toEqual({ deliveries: 0, bodies: 1 });
    expect(target.calls.filter((c) => c.startsWith('scan'))[0]).toBe('scan after b');
    expect(messages.filter((m) => !m.blank).map((m) => m.id)).toEqual(['b', 'f']);
  });
});
