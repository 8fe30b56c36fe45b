import type { Envelope, Violation } from '@cx/contracts';
import { declarationLookupOf, participantDirectoryOf } from '../in-memory-context';
import type { ValidationContext, VersionLookup } from '../validation-context';
import { replacesOwnLatestVersion } from './replacement';

const ORIGINAL = '5b0f8e1c-3a2d-4c6e-9f70-1a2b3c4d5e6f';
const cancellation = {
  id: 'c0c0c0c0-1111-4222-8333-444455556666',
  type: 'message.cancellation',
  version: '1.2',
  sender: 'AZ-CARRIER-ASCO',
  consignmentRef: 'ASCO-1',
  createdAt: '2026-11-24T10:00:00Z',
  payload: { cancels: ORIGINAL, reason: 'booking withdrawn' },
} as unknown as Envelope;

const judged = (versions: VersionLookup): Violation[] => {
  const context: ValidationContext = {
    now: new Date('2026-11-24T10:00:00Z'),
    participants: participantDirectoryOf([]),
    declarations: declarationLookupOf([]),
    versions,
  };
  const out: Violation[] = [];
  replacesOwnLatestVersion(cancellation, context, out);
  return out;
};

describe('replacesOwnLatestVersion, of a message not stored', () => {
  it('refuses it where what was accepted is stored (the HTTP door)', () => {
    expect(judged({ find: () => undefined, complete: true })).toEqual([
      expect.objectContaining({ path: '/payload/cancels', rule: 'replaces.exists' }),
    ]);
  });

  it('leaves it to the router where the original may still be on its way (the Kafka door)', () => {
    expect(judged({ find: () => undefined })).toEqual([]);
  });
});
