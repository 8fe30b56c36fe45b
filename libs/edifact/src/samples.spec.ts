import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MessageValidator } from '@cx/validation';
import { locateViolations } from './locate-violations';
import { formatLocation } from './location';
import { MESSAGE_TABLES } from './messages';
import { interchangeText, renderMessage } from './render';
import type { Segment } from './syntax/segment';
import { tokenize } from './syntax/tokenize';
import { translateInterchange, type TranslatedInterchange } from './translate';

const SAMPLES = join(__dirname, '../../../test/fixtures/edifact');
const read = (file: string) => readFileSync(join(SAMPLES, file), 'utf8');
const ALL_MESSAGES = Object.keys(MESSAGE_TABLES);
const validator = new MessageValidator();

const valid = readdirSync(SAMPLES).filter((f) =>
  /^(iftsta|codeco|cuscar|iftmin|cusres|aperak|interchange)-/.test(f),
);
const exact = valid.filter((f) => !f.includes('unmapped'));

/** The interchange rendered again from its envelopes, with its own UNB, UNH identifiers and service characters. */
function renderedAgain(translated: TranslatedInterchange): string {
  const { interchange, messages } = translated;
  const header = interchange.header!;
  const segments = messages.flatMap((m, i) =>
    withoutDerived(
      renderMessage({
        envelope: m.envelope as never,
        reference: m.reference,
        message: m.message,
        identifier: interchange.messages[i].identifier,
      }),
      m.positions,
    ),
  );
  return interchangeText(
    {
      ...header,
      preparedAt: header.preparedAt,
      serviceCharacters: interchange.serviceCharacters,
      una: interchange.una,
    },
    segments,
  );
}

/**
 * The documented normalisation: an id the exchange derived (no RFF+ZZZ came in) and a sender taken from UNB (no
 * NAD+MS came in) are written as RFF+ZZZ and NAD+MS on the way out; without them the segments must be the same.
 */
function withoutDerived(
  segments: Segment[],
  positions: ReadonlyMap<string, { segment: { tag: string } }>,
): Segment[] {
  const derivedId = positions.get('/id')?.segment.tag === 'UNH';
  const derivedSender = positions.get('/sender')?.segment.tag === 'UNB';
  const kept = segments.filter(
    (s) =>
      !(derivedId && s.tag === 'RFF' && s.elements[0][0] === 'ZZZ') &&
      !(derivedSender && s.tag === 'NAD' && s.elements[0][0] === 'MS'),
  );
  const unt = kept[kept.length - 1];
  return [...kept.slice(0, -1), { ...unt, elements: [[String(kept.length)], unt.elements[1]] }];
}

const segmentsOf = (text: string) => tokenize(text).segments.map(({ tag, elements }) => ({ tag, elements }));

describe('hand-written EDIFACT samples', () => {
  it.each(valid)('%s translates without syntax errors into envelopes the validator accepts', (file) => {
    const translated = translateInterchange(read(file), { messages: ALL_MESSAGES });
    expect(translated.interchange.errors).toEqual([]);
    for (const message of translated.messages) {
      expect(message.errors).toEqual([]);
      expect(validator.validateStructure(message.envelope)).toEqual([]);
    }
  });

  it.each(exact)('%s: EDIFACT → JSON → EDIFACT gives the same segments', (file) => {
    const text = read(file);
    const translated = translateInterchange(text, { messages: ALL_MESSAGES });
    expect(segmentsOf(renderedAgain(translated))).toEqual(segmentsOf(text));
  });

  it('reads over the segments and elements the mapping does not carry, and names them', () => {
    const translated = translateInterchange(read('codeco-d96b-1.0-gate-in-with-unmapped-segments.edi'));
    const [message] = translated.messages;
    expect(message.errors).toEqual([]);
    expect(message.ignored).toEqual([
      { tag: 'NAD', position: 5 },
      { tag: 'TMD', position: 8 },
      { tag: 'MEA', position: 11 },
      { tag: 'SEL', position: 12 },
    ]);
    expect(message.envelope).toMatchObject({
      type: 'transport.status',
      sender: 'GE-PORT-POTI',
      consignmentRef: 'ADY-2026-5561',
      payload: {
        eventCode: 'GATE_IN',
        location: 'GEPTI',
        containerNumber: 'ADYU1004825',
        transportMeans: { mode: 'road' },
      },
    });
  });

  it('takes the sender from UNB and derives the id when the message names neither', () => {
    const text = read('iftsta-d96b-1.1-delayed-baku.edi');
    const [first] = translateInterchange(text).messages;
    const [again] = translateInterchange(text).messages;
    expect(first.envelope).toMatchObject({ sender: 'AZ-CARRIER-ASCO', version: '1.1' });
    expect(first.envelope?.id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(again.envelope?.id).toBe(first.envelope?.id);
    expect(formatLocation(first.positions.get('/sender')!)).toBe('UNB 1 / S002 / 0004');
  });

  it('asks the caller for the participant behind a UNB sender', () => {
    const text = read('iftsta-d96b-1.1-delayed-baku.edi');
    const [message] = translateInterchange(text, {
      participantOf: (sender) => (sender.id === 'AZ-CARRIER-ASCO' ? 'AZ-CARRIER-ASCO-FERRIES' : undefined),
    }).messages;
    expect(message.envelope?.sender).toBe('AZ-CARRIER-ASCO-FERRIES');
  });

  it("does not take the exchange's own answers (CUSRES, APERAK) from participants unless told to", () => {
    const [message] = translateInterchange(read('cusres-d96b-1.0-released-poti.edi')).messages;
    expect(message.errors.map((e) => e.rule)).toEqual(['edifact.message-type']);
  });

  it('reports a violation of the translated envelope at its EDIFACT position', () => {
    const [message] = translateInterchange(read('rejected-iftsta-container-check-digit.edi')).messages;
    const violations = locateViolations(validator.validateStructure(message.envelope), message.positions);
    expect(violations).toEqual([
      expect.objectContaining({
        path: '/payload/containerNumber',
        rule: 'iso6346.check-digit',
        edifact: 'UNH 1 / EQD 11 / C237 / 8260',
      }),
    ]);
  });
});

describe('invalid EDIFACT samples, one per kind of syntax error', () => {
  const cases: [file: string, rule: string, location: string][] = [
    ['invalid-una-separator-twice.edi', 'edifact.una', 'UNA 0'],
    ['invalid-syntax-identifier.edi', 'edifact.syntax-identifier', 'UNB 1 / S001 / 0001'],
    ['invalid-unt-segment-count.edi', 'edifact.unt-segment-count', 'UNH 1 / UNT 12 / 0074'],
    ['invalid-unt-message-reference.edi', 'edifact.unt-message-reference', 'UNH 1 / UNT 12 / 0062'],
    ['invalid-unz-message-count.edi', 'edifact.unz-message-count', 'UNZ 14 / 0036'],
    ['invalid-unz-control-reference.edi', 'edifact.unz-control-reference', 'UNZ 14 / 0020'],
    ['invalid-unknown-message-type.edi', 'edifact.message-type', 'UNH 1 / UNH 1 / S009 / 0065'],
    ['invalid-directory-before-d96b.edi', 'edifact.message-type', 'UNH 1 / UNH 1 / S009 / 0054'],
    ['invalid-missing-mandatory-segment.edi', 'edifact.missing-segment', 'UNH 1 / DTM 3'],
    ['invalid-missing-unz.edi', 'edifact.unz', 'UNZ 14'],
    ['invalid-no-message.edi', 'edifact.no-message', 'UNH 2'],
    ['invalid-segment-outside-message.edi', 'edifact.outside-message', 'FTX 14'],
    ['invalid-unterminated-segment.edi', 'edifact.segment', 'UNZ 14'],
    ['invalid-repeated-data-element.edi', 'edifact.repetition', 'UNH M1 / LOC 10 / C517 / 3225'],
  ];

  it('has a case for every invalid sample', () => {
    const files = readdirSync(SAMPLES).filter((f) => f.startsWith('invalid-'));
    expect(cases.map(([file]) => file).sort()).toEqual(files.sort());
  });

  it.each(cases)('%s: %s at %s', (file, rule, location) => {
    const translated = translateInterchange(read(file));
    const errors = [...translated.interchange.errors, ...translated.messages.flatMap((m) => m.errors)];
    expect(errors.map((e) => [e.rule, formatLocation(e.location)])).toEqual([[rule, location]]);
    expect(translated.messages.every((m) => m.envelope === undefined)).toBe(true);
  });
});
