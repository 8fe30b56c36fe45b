import { matchesFilter, parseFilter } from './delivery-filter';

describe('delivery filters', () => {
  const note = { type: 'consignment.note', consignmentRef: 'KTZ-1' };

  it.each([
    [{}, true],
    [{ types: ['consignment.note'] }, true],
    [{ types: ['ack', 'transport.status'] }, false],
    [{ consignmentRef: 'KTZ-1' }, true],
    [{ consignmentRef: 'KTZ-2' }, false],
    [{ types: ['consignment.note'], consignmentRef: 'KTZ-2' }, false],
  ])('%j matches a note of KTZ-1: %s', (filter, expected) => {
    expect(matchesFilter(filter, note)).toBe(expected);
  });

  it('reads types from a comma list (a query) or an array (a body)', () => {
    expect(parseFilter({ types: 'ack, consignment.note' }, '', 'query').filter).toEqual({
      types: ['ack', 'consignment.note'],
    });
    expect(parseFilter({ types: ['ack'], consignmentRef: 'A/1' }, '', 'body').filter).toEqual({
      types: ['ack'],
      consignmentRef: 'A/1',
    });
  });

  it.each([
    [{ types: [] }, '/types'],
    [{ types: 'Not A Type' }, '/types'],
    [{ types: ['consignment.notes'] }, '/types'],
    [{ types: ['ack', 'customs.verdict'] }, '/types'],
    [{ types: 'ack' }, '/types'],
    [{ types: [1] }, '/types'],
    [{ consignmentRef: '-bad' }, '/consignmentRef'],
    [{ consignmentRef: 7 }, '/consignmentRef'],
  ])('refuses %j at %s', (input, path) => {
    expect(parseFilter(input, '', 'body').violations.map((v) => v.path)).toEqual([path]);
  });
});
