import { decodeCursor, encodeCursor } from './cursor';

describe('cursors', () => {
  it.each([0, 1, 9, 10, 12345, 2 ** 31 - 1])('round-trips seq %d', (seq) => {
    expect(decodeCursor(encodeCursor(seq))).toBe(seq);
  });

  it('is opaque: not the plain number', () => {
    expect(encodeCursor(42)).not.toBe('42');
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'a+b/'],
    ['not a number inside', Buffer.from('abc').toString('base64url')],
    ['negative', Buffer.from('-1').toString('base64url')],
    ['leading zero', Buffer.from('01').toString('base64url')],
    ['fraction', Buffer.from('1.5').toString('base64url')],
    ['too long', 'A'.repeat(40)],
    ['beyond the column’s range', encodeCursor(2 ** 31)],
    ['beyond a safe integer', encodeCursor(2 ** 53 + 1)],
    ['padded', `${encodeCursor(5)}=`],
  ])('refuses %s', (_name, cursor) => {
    expect(decodeCursor(cursor)).toBeUndefined();
  });
});
