import { isPartyOf, participantOfParty, partyOf } from './party';

const customs = { id: 'GE-CUSTOMS', edifactId: 'GE0001', edifactQualifier: '5' };
const port = { id: 'GE-PORT-POTI', edifactId: 'GE-PORT-POTI', edifactQualifier: null };
const unregistered = { id: 'AZ-PORT-BAKU', edifactId: null, edifactQualifier: null };

describe('partyOf', () => {
  it.each([
    [customs, { id: 'GE0001', qualifier: '5' }],
    [port, { id: 'GE-PORT-POTI' }],
    [unregistered, { id: 'AZ-PORT-BAKU', qualifier: 'ZZZ' }],
  ])('names %j as %j', (participant, party) => {
    expect(partyOf(participant)).toEqual(party);
  });
});

describe('isPartyOf and participantOfParty', () => {
  it.each([
    [customs, { id: 'GE0001', qualifier: '5' }, true],
    [customs, { id: 'GE0001' }, false],
    [customs, { id: 'GE0001', qualifier: 'ZZZ' }, false],
    [customs, { id: 'ge0001', qualifier: '5' }, false],
    [port, { id: 'GE-PORT-POTI' }, true],
    [port, { id: 'GE-PORT-POTI', qualifier: 'ZZZ' }, false],
    // Without a registered identity nobody is anyone, not even under its own participant id.
    [unregistered, { id: 'AZ-PORT-BAKU', qualifier: 'ZZZ' }, false],
    [unregistered, { id: 'AZ-PORT-BAKU' }, false],
  ])('%j holds %j: %s', (participant, party, holds) => {
    expect(isPartyOf(participant, party)).toBe(holds);
    expect(participantOfParty([unregistered, customs, port], party)).toBe(holds ? participant : undefined);
  });
});
