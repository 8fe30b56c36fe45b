import { deliveryLag } from './delivery-lag';

const ends = [
  { partition: 0, high: '10', low: '0' },
  { partition: 1, high: '5', low: '2' },
];

describe('deliveryLag', () => {
  it('sums end minus committed over partitions, per group, the most current group first', () => {
    expect(
      deliveryLag(ends, [
        {
          groupId: 'slow',
          partitions: [
            { partition: 0, offset: '4' },
            { partition: 1, offset: '5' },
          ],
        },
        {
          groupId: 'fast',
          partitions: [
            { partition: 0, offset: '10' },
            { partition: 1, offset: '4' },
          ],
        },
      ]),
    ).toEqual({
      status: 'consumed',
      lag: 1,
      consumers: [
        { groupId: 'fast', lag: 1 },
        { groupId: 'slow', lag: 6 },
      ],
    });
  });

  it('counts a partition the group has not committed on from the log start', () => {
    const lag = deliveryLag(ends, [
      {
        groupId: 'g',
        partitions: [
          { partition: 0, offset: '10' },
          { partition: 1, offset: '-1' },
        ],
      },
    ]);
    expect(lag.lag).toBe(3);
  });

  it.each([
    ['no groups at all', []],
    [
      'groups that never committed on the topic',
      [{ groupId: 'other', partitions: [{ partition: 0, offset: '-1' }] }],
    ],
  ])('reports no consumer for %s', (_what, groups) => {
    expect(deliveryLag(ends, groups)).toEqual({ status: 'no consumer', lag: null, consumers: [] });
  });

  it('never reports a negative lag (offsets read a moment apart)', () => {
    expect(deliveryLag(ends, [{ groupId: 'g', partitions: [{ partition: 0, offset: '12' }] }]).lag).toBe(3);
  });
});
