import { deliveryInterchange } from './delivery';
import { EXCHANGE_PARTY } from './party';
import { translateInterchange } from './translate';

const manifest = {
  id: '440fee6c-681c-488c-b88b-b2783d605a30',
  type: 'cargo.manifest',
  version: '1.0',
  sender: 'AZ-PORT-BAKU',
  consignmentRef: 'BAKU-TRN-2026-1187',
  createdAt: '2026-11-23T19:00:00+04:00',
  payload: {
    transportMeans: { mode: 'rail', trainNumber: '7102' },
    departure: 'AZSAN',
    arrival: 'GEPTI',
    departureTime: '2026-11-23T20:00:00+04:00',
    consignments: [
      { consignmentRef: 'KTZE-2026-004711', grossWeightKg: 25245.75, containers: ['KTZU4015279'] },
    ],
  },
};

describe('deliveryInterchange', () => {
  it('renders a delivery as one interchange from the exchange to the recipient, numbered by its seq', () => {
    const text = deliveryInterchange(manifest, 4711, { id: 'GE-CUSTOMS', qualifier: 'ZZZ' });
    expect(text).toMatch(
      /^UNA:\+\.\?\*'UNB\+UNOW:4\+CX-EXCHANGE:ZZZ\+GE-CUSTOMS:ZZZ\+20261123:1500\+4711'UNH\+1\+CUSCAR:/,
    );
    expect(text).toMatch(/UNZ\+1\+4711'$/);
    expect(deliveryInterchange(manifest, 4711, { id: 'GE-CUSTOMS', qualifier: 'ZZZ' })).toBe(text);
  });

  it('reads back as the envelope it was rendered from', () => {
    const text = deliveryInterchange(manifest, 1, { id: 'GE-CUSTOMS' })!;
    const [read] = translateInterchange(text, { messages: ['CUSCAR'] }).messages;
    expect(read.errors).toEqual([]);
    expect(read.envelope).toMatchObject({ id: manifest.id, type: 'cargo.manifest', sender: 'AZ-PORT-BAKU' });
  });

  it.each([
    ['a type without an EDIFACT message', { ...manifest, type: 'customs.declaration' }],
    ['a value that does not fit', { ...manifest, consignmentRef: 'X'.repeat(80) }],
    ['no type', { ...manifest, type: undefined }],
  ])('gives none for %s (that delivery goes as JSON)', (_, envelope) => {
    expect(deliveryInterchange(envelope, 1, EXCHANGE_PARTY)).toBeUndefined();
  });
});
