import { ReadRecord } from '../../support/topic-reader';
import { audit } from './audit';

const record = (id: string, ref: string, offset: number, partition = 0): ReadRecord => ({
  topic: 't',
  partition,
  offset: String(offset),
  key: ref,
  value: '',
  headers: { ce_id: id },
  json: {},
});
const idOf = (r: ReadRecord) => r.headers.ce_id;

describe('audit of a recipient topic against what was acknowledged', () => {
  const acked = new Map([
    ['A', ['a1', 'a2', 'a3']],
    ['B', ['b1', 'b2']],
  ]);

  it('finds nothing wrong when every message is there once, in order (partitions interleaved)', () => {
    const records = [
      record('b1', 'B', 0, 1),
      record('a1', 'A', 0),
      record('a2', 'A', 1),
      record('b2', 'B', 1, 1),
    ];
    records.push(record('a3', 'A', 2), record('other', 'C', 3));
    expect(audit('R', records, acked, idOf)).toEqual({
      recipient: 'R',
      delivered: 5,
      duplicated: 0,
      lost: 0,
      outOfOrder: [],
    });
  });

  it('counts duplicates, losses and consignments out of order', () => {
    const records = [record('a2', 'A', 0), record('a1', 'A', 1), record('a1', 'A', 2), record('b1', 'B', 3)];
    expect(audit('R', records, acked, idOf)).toEqual({
      recipient: 'R',
      delivered: 4,
      duplicated: 1,
      lost: 2,
      outOfOrder: ['A'],
      firstDuplicate: 'a1 at 0/1, 0/2',
    });
  });

  it('orders by offset as a number, not as text', () => {
    const records = [record('a3', 'A', 10), record('a1', 'A', 8), record('a2', 'A', 9)];
    expect(audit('R', records, new Map([['A', ['a1', 'a2', 'a3']]]), idOf).outOfOrder).toEqual([]);
  });
});
