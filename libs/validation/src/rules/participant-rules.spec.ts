import type { Envelope, Message, Participant, Violation } from '@cx/contracts';
import { declarationLookupOf, participantDirectoryOf } from '../in-memory-context';
import type { ValidationContext } from '../validation-context';
import { declarantIsSender } from './declarant';
import { carriersExist, recipientsExist } from './participants';
import { senderMaySend } from './sender';

const participant = (id: string, role: Participant['role'], active = true): Participant => ({
  id,
  name: id,
  role,
  country: id.slice(0, 2),
  locations: [],
  active,
});
const context: ValidationContext = {
  now: new Date('2026-11-24T10:00:00Z'),
  participants: participantDirectoryOf([
    participant('KZ-RAIL-KTZ', 'rail'),
    participant('KZ-CUSTOMS', 'customs'),
    participant('AZ-CARRIER-ASCO', 'carrier'),
    participant('KZ-FORWARDER-KTZE', 'forwarder'),
    participant('TR-FORWARDER-ANADOLU', 'forwarder', false),
  ]),
  declarations: declarationLookupOf([]),
};
const envelope = (type: Envelope['type'], sender: string, recipients?: string[]): Envelope => ({
  id: '0b9f4a5e-6a52-4c2e-9d7e-2f1a9c3b7d10',
  type,
  version: '1.0',
  sender,
  consignmentRef: 'KTZ-1',
  createdAt: '2026-11-24T10:00:00Z',
  ...(recipients && { recipients }),
  payload: {},
});
const found = (check: (out: Violation[]) => void): string[] => {
  const out: Violation[] = [];
  check(out);
  return out.map((v) => `${v.rule} ${v.path}`);
};

describe('the sender', () => {
  it.each([
    ['consignment.note', 'KZ-RAIL-KTZ', []],
    ['consignment.note', 'KZ-FORWARDER-KTZE', []],
    ['consignment.note', 'KZ-CUSTOMS', ['role.may-send /type']],
    ['transport.status', 'AZ-CARRIER-ASCO', []],
    ['transport.status', 'KZ-FORWARDER-KTZE', ['role.may-send /type']],
    ['cargo.manifest', 'KZ-RAIL-KTZ', ['role.may-send /type']],
    ['customs.declaration', 'KZ-RAIL-KTZ', []],
    ['customs.decision', 'KZ-CUSTOMS', []],
    ['customs.decision', 'KZ-RAIL-KTZ', ['role.may-send /type']],
    ['ack', 'KZ-CUSTOMS', ['role.may-send /type']],
    ['consignment.note', 'KZ-RAIL-NOBODY', ['participant.exists /sender']],
    ['consignment.note', 'TR-FORWARDER-ANADOLU', ['participant.active /sender']],
  ] as const)('%s from %s: %j', (type, sender, expected) => {
    expect(found((out) => senderMaySend(envelope(type, sender), context, out))).toEqual(expected);
  });

  it('says who may send the type', () => {
    const out: Violation[] = [];
    senderMaySend(envelope('customs.decision', 'KZ-RAIL-KTZ'), context, out);
    expect(out[0].message).toBe(
      'may not be sent by KZ-RAIL-KTZ, a rail participant; customs.decision is sent by customs participants',
    );
  });
});

describe('recipients and carriers', () => {
  it('reports each recipient that is unknown or inactive', () => {
    const recipients = ['KZ-CUSTOMS', 'GE-NOBODY', 'TR-FORWARDER-ANADOLU'];
    expect(
      found((out) => recipientsExist(envelope('consignment.note', 'KZ-RAIL-KTZ', recipients), context, out)),
    ).toEqual(['participant.exists /recipients/1', 'participant.active /recipients/2']);
  });

  it('reports each carrier that is unknown or inactive', () => {
    const legs = ['KZ-RAIL-KTZ', 'AZ-CARRIER-NOBODY', 'TR-FORWARDER-ANADOLU'].map((carrier, i) => ({
      seq: i + 1,
      mode: 'rail' as const,
      from: 'KZALT',
      to: 'KZALT',
      carrier,
    }));
    const message = {
      ...envelope('consignment.note', 'KZ-RAIL-KTZ'),
      payload: { legs },
    } as unknown as Message<'consignment.note'>;
    expect(found((out) => carriersExist(message, context, out))).toEqual([
      'participant.exists /payload/legs/1/carrier',
      'participant.active /payload/legs/2/carrier',
    ]);
  });
});

describe('declarant.is-sender', () => {
  const declaration = (sender: string, declarant: string) =>
    ({
      ...envelope('customs.declaration', sender),
      payload: { declarant },
    }) as unknown as Message<'customs.declaration'>;

  it.each([
    ['KZ-FORWARDER-KTZE', 'KZ-FORWARDER-KTZE', []],
    ['KZ-FORWARDER-KTZE', 'KZ-RAIL-KTZ', ['declarant.is-sender /payload/declarant']],
    [
      'KZ-FORWARDER-KTZE',
      'KZ-NOBODY',
      ['declarant.is-sender /payload/declarant', 'participant.exists /payload/declarant'],
    ],
  ])('sender %s, declarant %s', (sender, declarant, expected) => {
    expect(found((out) => declarantIsSender(declaration(sender, declarant), context, out))).toEqual(expected);
  });
});
