import type { PayloadOf, Violation } from '@cx/contracts';
import { totalGrossMass } from './total-mass';

type Note = PayloadOf<'consignment.note'>;

const note = (masses: number[], total: number): Note => ({
  documentNumber: 'N-1',
  consignor: { name: 'A', country: 'KZ' },
  consignee: { name: 'B', country: 'GE' },
  legs: [{ seq: 1, mode: 'rail', from: 'KZALT', to: 'KZAAU', carrier: 'KZ-RAIL-KTZ' }],
  goods: masses.map((grossMassKg) => ({
    hsCode: '520812',
    description: 'cotton',
    packageCount: 1,
    grossMassKg,
  })),
  totalGrossMassKg: total,
});

describe('mass.total', () => {
  it.each([
    [[1000], 1000, true],
    [[14250.5, 6120, 4875.25], 25245.75, true],
    [[0.1, 0.2], 0.3, true], // floating-point sum 0.30000000000000004
    [[40800], 40840.8, true], // +0.1 %
    [[40800], 40759.2, true], // -0.1 %
    [[40800], 40841, false],
    [[40800], 40759, false],
    [[1000, 1000], 1000, false],
  ])('goods %j, total %d: valid %s', (masses, total, valid) => {
    const out: Violation[] = [];
    totalGrossMass(note(masses, total), out);
    expect(out.length === 0).toBe(valid);
    if (!valid) expect(out[0]).toMatchObject({ path: '/payload/totalGrossMassKg', rule: 'mass.total' });
  });
});
