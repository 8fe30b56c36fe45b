import { replacedId, replacementViolations, type Replacing, type StoredVersion } from './replacement';

const ORIGINAL: StoredVersion = {
  id: '11111111-1111-4111-8111-111111111111',
  type: 'transport.status',
  sender: 'GE-RAIL-GR',
  consignmentRef: 'KTZE-2026-004711',
  status: 'routed',
  recipients: ['GE-CUSTOMS'],
  decided: false,
};
const CORRECTION: Replacing = {
  id: '22222222-2222-4222-8222-222222222222',
  type: 'transport.status',
  sender: 'GE-RAIL-GR',
  consignmentRef: 'KTZE-2026-004711',
  supersedes: ORIGINAL.id,
};
const CANCELLATION: Replacing = {
  id: '33333333-3333-4333-8333-333333333333',
  type: 'message.cancellation',
  sender: 'GE-RAIL-GR',
  consignmentRef: 'KTZE-2026-004711',
  payload: { cancels: ORIGINAL.id, reason: 'sent in error' },
};
const LATER = '44444444-4444-4444-8444-444444444444';

type Case = [string, Replacing, Partial<StoredVersion> | undefined, boolean, string[]];
const rules = (found: { rule: string; path: string }[]) => found.map((v) => `${v.rule} ${v.path}`);

describe('replacementViolations', () => {
  const cases: Case[] = [
    ['a correction of the latest version', CORRECTION, {}, false, []],
    ['a cancellation of the latest version', CANCELLATION, {}, false, []],
    ['no such message, at the router', CORRECTION, undefined, false, ['replaces.exists /supersedes']],
    ['no such message yet, at the door', CORRECTION, undefined, true, []],
    [
      'an ack',
      CANCELLATION,
      { type: 'ack', sender: 'CX-EXCHANGE', recipients: ['GE-RAIL-GR'] },
      false,
      ['replaces.replaceable /payload/cancels'],
    ],
    // Someone else's ack or cancellation: a stranger is not told what the message is.
    [
      "another's ack",
      CANCELLATION,
      { type: 'ack', sender: 'CX-EXCHANGE', recipients: ['KZ-RAIL-KTZ'] },
      false,
      ['replaces.sender /payload/cancels'],
    ],
    [
      "another's cancellation",
      CORRECTION,
      { type: 'message.cancellation', sender: 'KZ-RAIL-KTZ' },
      false,
      ['replaces.sender /supersedes'],
    ],
    [
      'a cancellation',
      CANCELLATION,
      { type: 'message.cancellation' },
      false,
      ['replaces.replaceable /payload/cancels'],
    ],
    // Another's message: only that is said, not whether it was decided or replaced.
    [
      'another sender',
      CORRECTION,
      { sender: 'KZ-RAIL-KTZ', replacedBy: { id: LATER, type: 'transport.status' } },
      false,
      ['replaces.sender /supersedes'],
    ],
    [
      'another consignment',
      { ...CORRECTION, consignmentRef: 'OTHER-1' },
      {},
      false,
      ['replaces.same-consignment /consignmentRef'],
    ],
    ['another type', { ...CORRECTION, type: 'cargo.manifest' }, {}, false, ['replaces.same-type /type']],
    ['a rejected message', CORRECTION, { status: 'rejected' }, true, ['replaces.routed /supersedes']],
    ['one not yet routed, at the door', CORRECTION, { status: 'accepted' }, true, []],
    [
      'one not yet routed, at the router',
      CORRECTION,
      { status: 'accepted' },
      false,
      ['replaces.routed /supersedes'],
    ],
    [
      'a cancelled one',
      CORRECTION,
      { replacedBy: { id: LATER, type: 'message.cancellation' } },
      false,
      ['replaces.not-cancelled /supersedes'],
    ],
    [
      'a superseded one',
      CORRECTION,
      { replacedBy: { id: LATER, type: 'transport.status' } },
      false,
      ['replaces.latest /supersedes'],
    ],
    [
      'its own replay (it replaced it already)',
      CORRECTION,
      { replacedBy: { id: CORRECTION.id, type: 'transport.status' } },
      false,
      [],
    ],
    [
      'a decided declaration',
      { ...CORRECTION, type: 'customs.declaration' },
      { type: 'customs.declaration', decided: true },
      false,
      ['replaces.undecided /supersedes'],
    ],
    [
      'a decided declaration, cancelled',
      CANCELLATION,
      { type: 'customs.declaration', decided: true },
      false,
      ['replaces.undecided /payload/cancels'],
    ],
  ];
  it.each(cases)('%s', (_name, message, stored, pending, expected) => {
    const original = stored && { ...ORIGINAL, ...stored };
    expect(rules(replacementViolations(message, original, pending))).toEqual(expected);
  });

  it('names the latest version of the chain', () => {
    const stored = { ...ORIGINAL, replacedBy: { id: LATER, type: 'transport.status' }, latest: 'the-latest' };
    expect(replacementViolations(CORRECTION, stored, false)[0].message).toContain('the-latest');
  });

  it('says nothing about an ordinary message', () => {
    expect(replacementViolations({ ...CORRECTION, supersedes: undefined }, undefined, false)).toEqual([]);
  });
});

describe('replacedId', () => {
  it.each([
    ['a correction', CORRECTION, ORIGINAL.id],
    ['a cancellation', CANCELLATION, ORIGINAL.id],
    ['a cancellation without cancels', { ...CANCELLATION, payload: {} }, undefined],
    ['a cancellation whose cancels is no string', { ...CANCELLATION, payload: { cancels: 7 } }, undefined],
    ['a cancellation carrying supersedes', { ...CANCELLATION, supersedes: LATER }, ORIGINAL.id],
    ['an ordinary message', { ...CORRECTION, supersedes: undefined }, undefined],
  ] as const)('%s', (_name, message, expected) => {
    expect(replacedId(message as Replacing)).toBe(expected);
  });
});
