import type { Envelope, Message, Participant, ParticipantDirectory } from '@cx/contracts';
import { routeMessage } from './route-message';

// Locations used only for their format: KZAAU (Aktau), KZDOS (Dostyk), AZALT (Alat) and TRKRS (Kars) are not
// confirmed UN/LOCODEs (shared/CORRIDOR-DATA.md); AZBAK, GEPTI, GETBS and GEZAI are.
const P = (id: string, role: Participant['role'], locations: string[], active = true): Participant => ({
  id,
  name: id,
  role,
  country: id.slice(0, 2),
  locations,
  active,
});

const CORRIDOR: Participant[] = [
  P('KZ-RAIL-KTZ', 'rail', ['KZDOS', 'KZAAU']),
  P('KZ-PORT-AKTAU', 'port', ['KZAAU']),
  P('KZ-FWD-A', 'forwarder', ['KZAAU']),
  P('KZ-CUSTOMS', 'customs', []),
  P('AZ-CARRIER-ASCO', 'carrier', ['KZAAU', 'AZBAK']),
  P('AZ-PORT-BAKU', 'port', ['AZBAK', 'AZALT']),
  P('AZ-RAIL-ADY', 'rail', ['AZBAK', 'AZALT']),
  P('AZ-CUSTOMS', 'customs', []),
  P('GE-RAIL-GR', 'rail', ['GETBS', 'GEPTI', 'GEZAI']),
  P('GE-PORT-POTI', 'port', ['GEPTI']),
  P('GE-PORT-BATUMI', 'port', ['GEBUS']),
  P('GE-CUSTOMS', 'customs', []),
  P('TR-RAIL-TCDD', 'rail', ['TRKRS']),
  P('TR-CUSTOMS', 'customs', []),
  P('TR-FWD-OLD', 'forwarder', ['TRKRS'], false),
  P('TR-PORT-CLOSED', 'port', ['GEPTI'], false),
];

const directory = (ps: Participant[]): ParticipantDirectory => {
  const byId = new Map(ps.map((p) => [p.id, p]));
  return { get: (id) => byId.get(id), all: () => byId.values() };
};
const participants = directory(CORRIDOR);

// Payloads hold only what routing reads; validation, not routing, judges the rest.
const envelope = (type: string, sender: string, payload: object, extra: Partial<Envelope> = {}) =>
  ({
    id: '0b9f4a5e-6a52-4c2e-9d7e-2f1a9c3b7d10',
    type,
    sender,
    consignmentRef: 'KTZ-2026-000123',
    payload,
    ...extra,
  }) as Message;

const note = (sender: string, legs: Array<[string, string, string]>, extra: Partial<Envelope> = {}) =>
  envelope(
    'consignment.note',
    sender,
    { legs: legs.map(([from, to, carrier], i) => ({ seq: i + 1, from, to, carrier })) },
    extra,
  );

describe('routeMessage', () => {
  const parties = [
    'KZ-FWD-A',
    'KZ-RAIL-KTZ',
    'KZ-CUSTOMS',
    'AZ-CARRIER-ASCO',
    'AZ-PORT-BAKU',
    'GE-RAIL-GR',
    'GE-PORT-POTI',
    'GE-CUSTOMS',
  ];

  it.each([
    [
      'note: carriers, ports/railways at leg ends, customs of leg countries; not the sender',
      note('KZ-FWD-A', [
        ['KZDOS', 'KZAAU', 'KZ-RAIL-KTZ'],
        ['KZAAU', 'AZBAK', 'AZ-CARRIER-ASCO'],
      ]),
      [],
      undefined,
      [
        'AZ-CARRIER-ASCO',
        'AZ-CUSTOMS',
        'AZ-PORT-BAKU',
        'AZ-RAIL-ADY',
        'KZ-CUSTOMS',
        'KZ-PORT-AKTAU',
        'KZ-RAIL-KTZ',
      ],
    ],
    [
      'note: an inactive port at a leg end receives nothing; a port elsewhere in the country neither',
      note('GE-RAIL-GR', [['GETBS', 'GEPTI', 'GE-RAIL-GR']]),
      [],
      undefined,
      ['GE-CUSTOMS', 'GE-PORT-POTI'],
    ],
    [
      'note: explicit recipients are added, unknown and inactive ones dropped',
      note('KZ-RAIL-KTZ', [['KZDOS', 'KZAAU', 'KZ-RAIL-KTZ']], {
        recipients: ['TR-CUSTOMS', 'XX-NOBODY', 'TR-FWD-OLD', 'KZ-RAIL-KTZ'],
      }),
      [],
      undefined,
      // AZ-CARRIER-ASCO is located at KZAAU but is a carrier: only ports and railways are reached by location.
      ['KZ-CUSTOMS', 'KZ-PORT-AKTAU', 'TR-CUSTOMS'],
    ],
    [
      'status: the parties and the customs of the location',
      envelope('transport.status', 'GE-RAIL-GR', { eventCode: 'ARRIVED', location: 'TRKRS' }),
      parties,
      undefined,
      [
        'AZ-CARRIER-ASCO',
        'AZ-PORT-BAKU',
        'GE-CUSTOMS',
        'GE-PORT-POTI',
        'KZ-CUSTOMS',
        'KZ-FWD-A',
        'KZ-RAIL-KTZ',
        'TR-CUSTOMS',
      ],
    ],
    [
      'status without a known consignment: only the customs of the location',
      envelope('transport.status', 'AZ-PORT-BAKU', { location: 'AZBAK' }),
      [],
      undefined,
      ['AZ-CUSTOMS'],
    ],
    [
      'manifest: ports at either end and both countries’ customs, no railways',
      envelope('cargo.manifest', 'AZ-CARRIER-ASCO', { departurePort: 'KZAAU', arrivalPort: 'AZALT' }),
      parties,
      undefined,
      ['AZ-CUSTOMS', 'AZ-PORT-BAKU', 'KZ-CUSTOMS', 'KZ-PORT-AKTAU'],
    ],
    [
      'declaration: the customs of both offices, nobody else',
      envelope('customs.declaration', 'KZ-FWD-A', {
        officeOfDeparture: 'KZ410010',
        officeOfDestination: 'TR360300',
      }),
      parties,
      undefined,
      ['KZ-CUSTOMS', 'TR-CUSTOMS'],
    ],
    [
      'declaration within one country: that country’s customs once',
      envelope('customs.declaration', 'AZ-PORT-BAKU', {
        officeOfDeparture: 'AZ000150',
        officeOfDestination: 'AZ000150',
      }),
      [],
      undefined,
      ['AZ-CUSTOMS'],
    ],
    [
      'decision: the declarant and the parties of the deciding customs’ country',
      envelope('customs.decision', 'GE-CUSTOMS', { decision: 'released' }),
      parties,
      'KZ-FWD-A',
      ['GE-PORT-POTI', 'GE-RAIL-GR', 'KZ-FWD-A'],
    ],
    [
      'decision whose declarant is gone inactive: only the local parties',
      envelope('customs.decision', 'TR-CUSTOMS', { decision: 'held' }),
      [...parties, 'TR-RAIL-TCDD', 'TR-FWD-OLD'],
      'TR-FWD-OLD',
      ['TR-RAIL-TCDD'],
    ],
    [
      'an ack goes nowhere by routing (it is addressed when built)',
      envelope('ack', 'CX-EXCHANGE', {}),
      parties,
      undefined,
      [],
    ],
  ])('%s', (_name, message, consignmentParties, declarant, expected) => {
    expect(routeMessage(message, { participants, consignmentParties, declarant }).recipients).toEqual(
      expected,
    );
  });

  it('gives a note’s parties: the sender and every recipient, active known participants only', () => {
    const routed = routeMessage(
      note('KZ-FWD-A', [
        ['KZDOS', 'KZAAU', 'KZ-RAIL-KTZ'],
        ['KZAAU', 'AZBAK', 'XX-GHOST'],
      ]),
      {
        participants,
        consignmentParties: [],
      },
    );
    expect(routed.parties).toEqual([
      'AZ-CUSTOMS',
      'AZ-PORT-BAKU',
      'AZ-RAIL-ADY',
      'KZ-CUSTOMS',
      'KZ-FWD-A',
      'KZ-PORT-AKTAU',
      'KZ-RAIL-KTZ',
    ]);
  });

  it('leaves an inactive participant at a leg end out of the parties, so it never reads the consignment', () => {
    const routed = routeMessage(note('GE-RAIL-GR', [['GETBS', 'GEPTI', 'GE-RAIL-GR']]), {
      participants,
      consignmentParties: [],
    });
    expect(routed.parties).toEqual(['GE-CUSTOMS', 'GE-PORT-POTI', 'GE-RAIL-GR']);
    expect(routed.parties).not.toContain('TR-PORT-CLOSED');
  });

  it('never routes to the sender, even when it names itself or is a party', () => {
    const routed = routeMessage(
      envelope('transport.status', 'KZ-RAIL-KTZ', { location: 'KZDOS' }, { recipients: ['KZ-RAIL-KTZ'] }),
      { participants, consignmentParties: parties },
    );
    expect(routed.recipients).not.toContain('KZ-RAIL-KTZ');
  });
});
