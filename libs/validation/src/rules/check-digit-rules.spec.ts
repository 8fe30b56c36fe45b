import type { PayloadOf, Violation } from '@cx/contracts';
import {
  equipmentContainerNumbers,
  manifestContainerNumbers,
  statusContainerNumber,
} from './container-numbers';
import { manifestVesselImo, statusVesselImo } from './vessel-imo';

const status = (extra: Partial<PayloadOf<'transport.status'>>): PayloadOf<'transport.status'> => ({
  eventCode: 'LOADED',
  location: 'KZAAU',
  eventTime: '2026-11-22T09:31:00+05:00',
  ...extra,
});
const manifest = (
  transportMeans: PayloadOf<'cargo.manifest'>['transportMeans'],
  containers: string[][],
): PayloadOf<'cargo.manifest'> => ({
  manifestNumber: 'M-1',
  transportMeans,
  departurePort: 'KZAAU',
  arrivalPort: 'AZALT',
  departureTime: '2026-11-22T10:00:00+05:00',
  consignments: containers.map((containerNumbers, i) => ({
    consignmentRef: `C-${i}`,
    containerNumbers,
    grossMassKg: 1,
  })),
});
const equipment = (...containerNumbers: string[]): PayloadOf<'consignment.note'> => ({
  documentNumber: 'N-1',
  consignor: { name: 'A', country: 'KZ' },
  consignee: { name: 'B', country: 'GE' },
  legs: [{ seq: 1, mode: 'rail', from: 'KZALT', to: 'KZAAU', carrier: 'KZ-RAIL-KTZ' }],
  goods: [{ hsCode: '520812', description: 'cotton', packageCount: 1, grossMassKg: 1 }],
  equipment: containerNumbers.map((containerNumber) => ({ containerNumber })),
  totalGrossMassKg: 1,
});

function run<P>(rule: (payload: P, out: Violation[]) => void, payload: P): string[] {
  const out: Violation[] = [];
  rule(payload, out);
  return out.map((v) => `${v.rule} ${v.path}`);
}

describe('check digits in payloads', () => {
  it.each([
    ['note, valid', () => run(equipmentContainerNumbers, equipment('CSQU3054383', 'KTZU4015279')), []],
    [
      'note, second wrong',
      () => run(equipmentContainerNumbers, equipment('CSQU3054383', 'KTZU4015270')),
      ['iso6346.check-digit /payload/equipment/1/containerNumber'],
    ],
    [
      'note without equipment',
      () => run(equipmentContainerNumbers, { ...equipment(), equipment: undefined }),
      [],
    ],
    ['status without container', () => run(statusContainerNumber, status({})), []],
    [
      'status, wrong container',
      () => run(statusContainerNumber, status({ containerNumber: 'CSQU3054384' })),
      ['iso6346.check-digit /payload/containerNumber'],
    ],
    [
      'manifest, wrong container',
      () =>
        run(
          manifestContainerNumbers,
          manifest({ mode: 'rail', trainNumber: '7102' }, [['CSQU3054383'], ['TGHU8622100', 'TGHU8622101']]),
        ),
      ['iso6346.check-digit /payload/consignments/1/containerNumbers/1'],
    ],
    [
      'status by train',
      () => run(statusVesselImo, status({ transportMeans: { mode: 'rail', trainNumber: '1' } })),
      [],
    ],
    [
      'status by ferry',
      () => run(statusVesselImo, status({ transportMeans: { mode: 'sea', vesselImo: '9074729' } })),
      [],
    ],
    [
      'status by ferry, wrong IMO',
      () => run(statusVesselImo, status({ transportMeans: { mode: 'sea', vesselImo: '9074720' } })),
      ['imo.check-digit /payload/transportMeans/vesselImo'],
    ],
    [
      'manifest, wrong IMO',
      () => run(manifestVesselImo, manifest({ mode: 'sea', vesselImo: '9699420' }, [])),
      ['imo.check-digit /payload/transportMeans/vesselImo'],
    ],
  ])('%s', (_case, violations, expected) => {
    expect(violations()).toEqual(expected);
  });

  it('tells the operator the right check digit', () => {
    const out: Violation[] = [];
    statusContainerNumber(status({ containerNumber: 'CSQU3054384' }), out);
    expect(out[0].message).toContain('must be 3');
  });
});
