import type { PayloadOf, Violation } from '@cx/contracts';
import { legsContiguous, legsEtdNotAfterEta, legsNumbered } from './legs';

type Note = PayloadOf<'consignment.note'>;
type Leg = Note['legs'][number];

const leg = (seq: number, from: string, to: string, times: Partial<Pick<Leg, 'etd' | 'eta'>> = {}): Leg => ({
  seq,
  mode: 'rail',
  from,
  to,
  carrier: 'KZ-RAIL-KTZ',
  ...times,
});
const note = (...legs: Leg[]): Note => ({
  documentNumber: 'N-1',
  consignor: { name: 'A', country: 'KZ' },
  consignee: { name: 'B', country: 'GE' },
  legs,
  goods: [{ hsCode: '520812', description: 'cotton', packageCount: 1, grossMassKg: 1 }],
  totalGrossMassKg: 1,
});
const run = (rule: (n: Note, out: Violation[]) => void, n: Note) => {
  const out: Violation[] = [];
  rule(n, out);
  return out.map(({ path, rule }) => `${rule} ${path}`);
};

describe('legs.numbered', () => {
  it.each([
    ['1', [leg(1, 'KZALT', 'KZAAU')], []],
    ['1,2,3', [leg(1, 'A', 'B'), leg(2, 'B', 'C'), leg(3, 'C', 'D')], []],
    ['2', [leg(2, 'KZALT', 'KZAAU')], ['legs.numbered /payload/legs/0/seq']],
    ['1,3', [leg(1, 'A', 'B'), leg(3, 'B', 'C')], ['legs.numbered /payload/legs/1/seq']],
    [
      '2,1',
      [leg(2, 'A', 'B'), leg(1, 'B', 'C')],
      ['legs.numbered /payload/legs/0/seq', 'legs.numbered /payload/legs/1/seq'],
    ],
  ])('seq %s', (_seqs, legs, expected) => {
    expect(run(legsNumbered, note(...legs))).toEqual(expected);
  });
});

describe('legs.contiguous', () => {
  it.each([
    ['one leg', [leg(1, 'KZALT', 'KZAAU')], []],
    ['joined', [leg(1, 'KZALT', 'KZAAU'), leg(2, 'KZAAU', 'AZBAK'), leg(3, 'AZBAK', 'GEPTI')], []],
    ['a gap', [leg(1, 'KZALT', 'KZAAU'), leg(2, 'KZKUR', 'AZBAK')], ['legs.contiguous /payload/legs/1/from']],
    [
      'two gaps',
      [leg(1, 'A', 'B'), leg(2, 'C', 'D'), leg(3, 'E', 'F')],
      ['legs.contiguous /payload/legs/1/from', 'legs.contiguous /payload/legs/2/from'],
    ],
  ])('%s', (_case, legs, expected) => {
    expect(run(legsContiguous, note(...legs))).toEqual(expected);
  });
});

describe('legs.etd-not-after-eta', () => {
  it.each([
    ['neither', {}, []],
    ['only etd', { etd: '2026-11-24T10:00:00Z' }, []],
    ['etd before eta', { etd: '2026-11-24T10:00:00Z', eta: '2026-11-25T10:00:00Z' }, []],
    ['etd equal to eta', { etd: '2026-11-24T10:00:00Z', eta: '2026-11-24T10:00:00Z' }, []],
    ['equal instants in two zones', { etd: '2026-11-24T14:00:00+04:00', eta: '2026-11-24T10:00:00Z' }, []],
    [
      'eta before etd',
      { etd: '2026-11-24T10:00:00Z', eta: '2026-11-24T09:59:59Z' },
      ['legs.etd-not-after-eta /payload/legs/0/eta'],
    ],
    [
      'eta before etd across zones',
      { etd: '2026-11-24T10:00:00Z', eta: '2026-11-24T13:00:00+04:00' },
      ['legs.etd-not-after-eta /payload/legs/0/eta'],
    ],
  ])('%s', (_case, times, expected) => {
    expect(run(legsEtdNotAfterEta, note(leg(1, 'A', 'B', times)))).toEqual(expected);
  });
});
