import { perMinute, windowStart } from './per-minute';

const now = new Date('2026-11-25T10:04:30.000Z');

describe('perMinute', () => {
  it('counts each message in its minute, by type and outcome, oldest minute first', () => {
    const rows = [
      { type: 'consignment.note', status: 'routed', receivedAt: '2026-11-25T10:04:29.999Z' },
      { type: 'consignment.note', status: 'routed', receivedAt: '2026-11-25T10:04:00.000Z' },
      { type: 'consignment.note', status: 'rejected', receivedAt: '2026-11-25T10:02:59.999Z' },
      { type: 'consignment.note', status: 'routed', receivedAt: '2026-11-25T10:00:00.000Z' },
      { type: 'ack', status: 'routed', receivedAt: '2026-11-25T10:03:10.000Z' },
    ];
    expect(perMinute(rows, now, 5)).toEqual({
      minutes: [
        '2026-11-25T10:00:00.000Z',
        '2026-11-25T10:01:00.000Z',
        '2026-11-25T10:02:00.000Z',
        '2026-11-25T10:03:00.000Z',
        '2026-11-25T10:04:00.000Z',
      ],
      series: [
        { type: 'ack', outcome: 'routed', counts: [0, 0, 0, 1, 0] },
        { type: 'consignment.note', outcome: 'rejected', counts: [0, 0, 1, 0, 0] },
        { type: 'consignment.note', outcome: 'routed', counts: [1, 0, 0, 0, 2] },
      ],
    });
  });

  it.each([
    ['before the window', '2026-11-25T09:59:59.999Z'],
    ['after now’s minute (clock skew)', '2026-11-25T10:05:00.000Z'],
    ['unparseable', 'yesterday'],
  ])('leaves out a message %s', (_what, receivedAt) => {
    expect(perMinute([{ type: 't', status: 'routed', receivedAt }], now, 5).series).toEqual([]);
  });

  it('starts the window at the first minute it shows', () => {
    expect(windowStart(now, 5).toISOString()).toBe('2026-11-25T10:00:00.000Z');
    expect(windowStart(now, 1).toISOString()).toBe('2026-11-25T10:04:00.000Z');
  });
});
