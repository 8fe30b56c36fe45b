import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Participant } from '@cx/contracts';
import { translateInterchange } from '@cx/edifact';
import { problems } from '../problem';
import { aperakAnswer, contrlAnswer } from './edifact-answer';

const sample = (name: string) =>
  readFileSync(join(__dirname, '../../../../test/fixtures/edifact', name)).toString('latin1');
const POTI: Participant = {
  id: 'GE-PORT-POTI',
  name: 'Poti',
  role: 'port',
  country: 'GE',
  locations: ['GEPTI'],
  active: true,
  edifactId: 'GE-PORT-POTI',
  edifactQualifier: 'ZZZ',
};
const NOW = new Date('2026-11-24T12:00:00Z');
const aperaks = (text: string) =>
  translateInterchange(text, { messages: ['APERAK'] }).messages.map((m) => m.envelope);

describe('aperakAnswer', () => {
  const translated = translateInterchange(sample('codeco-d96b-1.0-gate-in-poti.edi'));
  const [message] = translated.messages;
  const id = message.envelope!.id as string;

  it('acknowledges an accepted message, to the interchange’s sender under its control reference', () => {
    const receipt = { id, status: 'accepted' as const, receivedAt: NOW.toISOString() };
    const text = aperakAnswer(
      translated,
      [{ message, verdict: { kind: 'accepted', httpStatus: 202, receipt } }],
      POTI,
      NOW,
    );
    expect(text).toMatch(
      /^UNA:\+\.\?\*'UNB\+UNOW:4\+CX-EXCHANGE:ZZZ\+GE-PORT-POTI:ZZZ\+20261124:1200\+PTI000452'/,
    );
    expect(aperaks(text)).toEqual([
      expect.objectContaining({
        type: 'ack',
        recipients: ['GE-PORT-POTI'],
        payload: { ackFor: id, outcome: 'accepted', errors: [], recipients: [] },
      }),
    ]);
  });

  it.each([
    [problems.conflict('taken'), { path: '/id', message: 'taken', rule: 'id.unique' }],
    // The empty pointer (the whole message) is an empty FTX+ZZZ+PTR, which EDIFACT omits: it reads back without path.
    [problems.forbidden('no'), { message: 'no', rule: 'http.403' }],
  ])('names a refusal without violations by a rule of its own', (problem, error) => {
    const text = aperakAnswer(translated, [{ message, verdict: { kind: 'refused', problem } }], POTI, NOW);
    expect(aperaks(text)[0]?.payload).toMatchObject({ outcome: 'rejected', errors: [error] });
  });
});

describe('contrlAnswer', () => {
  it('answers syntax errors with CONTRL to the sender', () => {
    const translated = translateInterchange(sample('invalid-unz-message-count.edi'));
    const text = contrlAnswer(translated, POTI, NOW);
    expect(text).toContain("UNH+1+CONTRL:D:96B:UN'UCI+PTI000451+GE-PORT-POTI:ZZZ+CX-EXCHANGE:ZZZ+4+5+UNZ");
  });

  it('names the caller as recipient when UNB gave no sender', () => {
    const translated = translateInterchange("UNH+1+IFTSTA:D:96B:UN'UNT+2+1'");
    expect(contrlAnswer(translated, POTI, NOW)).toContain(
      '+CX-EXCHANGE:ZZZ+GE-PORT-POTI:ZZZ+20261124:1200+1',
    );
  });
});
