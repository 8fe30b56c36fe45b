import { consignmentOwnerViolation, ownerAfter } from './consignment-owner';

const note = { type: 'consignment.note', sender: 'AZ-PORT-BAKU', consignmentRef: 'KTZ-1' };

describe('consignment ownership', () => {
  it('lets the first note open a consignment and its owner send more notes', () => {
    expect(consignmentOwnerViolation(note, undefined)).toBeUndefined();
    expect(consignmentOwnerViolation(note, null)).toBeUndefined();
    expect(consignmentOwnerViolation(note, 'AZ-PORT-BAKU')).toBeUndefined();
    expect(ownerAfter(note, null)).toBe('AZ-PORT-BAKU');
    expect(ownerAfter(note, 'KZ-RAIL-KTZ')).toBe('KZ-RAIL-KTZ');
  });

  it('refuses another participant’s note under the ref, naming the rule', () => {
    expect(consignmentOwnerViolation(note, 'KZ-RAIL-KTZ')).toEqual({
      path: '/consignmentRef',
      message: expect.stringContaining('belongs to another participant'),
      rule: 'consignment.owner',
    });
  });

  it('leaves other types alone, and lets none of them open a consignment', () => {
    const status = { ...note, type: 'transport.status' };
    expect(consignmentOwnerViolation(status, 'KZ-RAIL-KTZ')).toBeUndefined();
    expect(ownerAfter(status, null)).toBeNull();
  });
});
