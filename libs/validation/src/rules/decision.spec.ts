import type { Message, Participant, Violation } from '@cx/contracts';
import { declarationLookupOf, participantDirectoryOf } from '../in-memory-context';
import type { ValidationContext } from '../validation-context';
import { decisionRefersToDeclaration } from './decision';

const DECLARATION_ID = '7d1c2b9e-3f0a-4b8c-9e21-5a6f7b8c9d0e';
const customs = (id: string): Participant => ({
  id,
  name: id,
  role: 'customs',
  country: id.slice(0, 2),
  locations: [],
  active: true,
});
const context: ValidationContext = {
  now: new Date('2026-11-24T10:00:00Z'),
  participants: participantDirectoryOf([customs('KZ-CUSTOMS'), customs('GE-CUSTOMS'), customs('AZ-CUSTOMS')]),
  declarations: declarationLookupOf([
    [
      DECLARATION_ID,
      {
        declarationNumber: 'KZ550130/0004711',
        sender: 'KZ-FORWARDER-KTZE',
        customsRecipients: ['KZ-CUSTOMS', 'GE-CUSTOMS'],
      },
    ],
  ]),
};
const decision = (
  sender: string,
  correlationId: string | undefined,
  declarationNumber = 'KZ550130/0004711',
) =>
  ({
    id: '0b9f4a5e-6a52-4c2e-9d7e-2f1a9c3b7d10',
    type: 'customs.decision',
    version: '1.0',
    sender,
    consignmentRef: 'KTZE-1',
    createdAt: '2026-11-24T10:00:00Z',
    ...(correlationId && { correlationId }),
    payload: {
      declarationNumber,
      decision: 'released',
      office: 'GE000300',
      decidedAt: '2026-11-24T09:00:00Z',
    },
  }) as Message<'customs.decision'>;

describe('decision.refers-to-declaration', () => {
  it.each([
    ['the declaration, by customs it was sent to', decision('GE-CUSTOMS', DECLARATION_ID), []],
    ['no correlationId (the schema reports it)', decision('GE-CUSTOMS', undefined), []],
    [
      'an unknown message',
      decision('GE-CUSTOMS', '11111111-2222-4333-8444-555555555555'),
      ['/correlationId'],
    ],
    [
      'the declaration, by customs it was not sent to',
      decision('AZ-CUSTOMS', DECLARATION_ID),
      ['/correlationId'],
    ],
    [
      'the declaration, with another number',
      decision('GE-CUSTOMS', DECLARATION_ID, 'KZ550130/0004712'),
      ['/payload/declarationNumber'],
    ],
    [
      'the declaration, by a sender that is no customs (the sender rule reports it)',
      decision('KZ-FORWARDER-KTZE', DECLARATION_ID),
      [],
    ],
  ])('%s', (_case, message, paths) => {
    const out: Violation[] = [];
    decisionRefersToDeclaration(message, context, out);
    expect(out.map((v) => v.path)).toEqual(paths);
    expect(out.every((v) => v.rule === 'decision.refers-to-declaration')).toBe(true);
  });
});
