import { outcomesByType } from './outcomes';

describe('outcomesByType', () => {
  it('pivots GROUP BY rows into one row per type, counts as numbers', () => {
    expect(
      outcomesByType([
        { type: 'transport.status', outcome: 'routed', count: '4' },
        { type: 'consignment.note', outcome: 'rejected', count: 2 },
        { type: 'consignment.note', outcome: 'routed', count: '5' },
        { type: 'consignment.note', outcome: 'accepted', count: 1 },
      ]),
    ).toEqual([
      { type: 'consignment.note', accepted: 1, routed: 5, rejected: 2, total: 8 },
      { type: 'transport.status', accepted: 0, routed: 4, rejected: 0, total: 4 },
    ]);
  });

  it('is empty for no traffic', () => {
    expect(outcomesByType([])).toEqual([]);
  });
});
