import { namedParticipantIds } from './named-participants';

describe('namedParticipantIds', () => {
  it.each([
    ['not an object', 'x', []],
    ['sender only', { sender: 'KZ-RAIL-KTZ' }, ['KZ-RAIL-KTZ']],
    [
      'sender, recipients, carriers and declarant, each once',
      {
        sender: 'KZ-FWD-A',
        recipients: ['GE-RAIL-GR', 'KZ-FWD-A'],
        payload: {
          legs: [{ carrier: 'KZ-RAIL-KTZ' }, { carrier: 'AZ-CARRIER-ASCO' }, 'bad'],
          declarant: 'KZ-FWD-A',
        },
      },
      ['KZ-FWD-A', 'GE-RAIL-GR', 'KZ-RAIL-KTZ', 'AZ-CARRIER-ASCO'],
    ],
    ['non-string ids ignored', { sender: 7, recipients: [null, 'AZ-CUSTOMS'] }, ['AZ-CUSTOMS']],
  ])('%s', (_name, envelope, expected) => {
    expect(namedParticipantIds(envelope)).toEqual(expected);
  });
});
