import type { Envelope, Violation } from '@cx/contracts';
import { participantDirectoryOf, declarationLookupOf } from '../in-memory-context';
import { createdAtNotInFuture } from './created-at';

const now = new Date('2026-11-24T10:00:00Z');
const context = { now, participants: participantDirectoryOf([]), declarations: declarationLookupOf([]) };
const envelope = (createdAt: string): Envelope => ({
  id: '0b9f4a5e-6a52-4c2e-9d7e-2f1a9c3b7d10',
  type: 'transport.status',
  version: '1.0',
  sender: 'KZ-RAIL-KTZ',
  consignmentRef: 'KTZ-1',
  createdAt,
  payload: {},
});

describe('createdAt.not-in-future', () => {
  it.each([
    ['long ago', '2020-01-01T00:00:00Z', true],
    ['now', '2026-11-24T10:00:00Z', true],
    ['5 minutes ahead', '2026-11-24T10:05:00Z', true],
    ['5 minutes ahead, in another zone', '2026-11-24T14:05:00+04:00', true],
    ['5 minutes and 1 ms ahead', '2026-11-24T10:05:00.001Z', false],
    ['an hour ahead in UTC+4, which is the past', '2026-11-24T13:00:00+04:00', true],
    ['tomorrow', '2026-11-25T10:00:00Z', false],
  ])('%s: valid %s', (_case, createdAt, valid) => {
    const out: Violation[] = [];
    createdAtNotInFuture(envelope(createdAt), context, out);
    expect(out).toEqual(
      valid ? [] : [expect.objectContaining({ path: '/createdAt', rule: 'createdAt.not-in-future' })],
    );
  });
});
