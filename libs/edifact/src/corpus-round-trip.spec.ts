import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderInterchange, renderMessage, type InterchangeOptions } from './render';
import { translateInterchange } from './translate';
import { MESSAGE_TABLES } from './messages';

const CORPUS = join(__dirname, '../../../test/fixtures/messages');
const TYPES = ['transport.status', 'cargo.manifest', 'consignment.note', 'customs.decision', 'ack'];
const ALL_MESSAGES = Object.keys(MESSAGE_TABLES);

const valid = TYPES.flatMap((type) =>
  readdirSync(join(CORPUS, type))
    .filter((file) => file.startsWith('valid-'))
    .map((file) => {
      const envelope = JSON.parse(readFileSync(join(CORPUS, type, file), 'utf8')).message as Record<
        string,
        unknown
      > & { type: string; version: string };
      return [`${type}/${file}`, envelope] as const;
    }),
);
/** Corrections (standard 1.2, `supersedes`) have no EDIFACT mapping yet: rendering one is refused. */
const corrections = valid.filter(([, e]) => e.supersedes !== undefined);
const mapped = valid.filter(([, e]) => e.supersedes === undefined);

const options: InterchangeOptions = {
  sender: { id: 'CX-EXCHANGE', qualifier: 'ZZZ' },
  recipient: { id: 'GE-RAIL-GR', qualifier: 'ZZZ' },
  controlReference: '1001',
  preparedAt: new Date('2026-11-24T10:00:00Z'),
};

describe('the valid corpus, JSON → EDIFACT → JSON', () => {
  it('covers every mapped type', () => {
    expect(new Set(valid.map(([, e]) => e.type))).toEqual(new Set(TYPES));
  });

  it.each(corrections)('%s is refused, not rendered as a new message', (_, envelope) => {
    expect(() => renderMessage({ envelope, reference: '1' })).toThrow(
      'a correction has no EDIFACT mapping yet',
    );
  });

  it.each(mapped)('%s comes back as the same envelope', (_, envelope) => {
    const text = renderInterchange(options, [{ envelope, reference: '1' }]);
    const translated = translateInterchange(text, { messages: ALL_MESSAGES });
    expect(translated.interchange.errors).toEqual([]);
    expect(translated.messages[0].errors).toEqual([]);
    expect(translated.messages[0].ignored).toEqual([]);
    expect(translated.messages[0].envelope).toEqual(envelope);
  });

  const gateMoves = mapped.filter(([, e]) =>
    ['GATE_IN', 'GATE_OUT'].includes((e.payload as { eventCode: string }).eventCode),
  );
  it.each(gateMoves)('%s also comes back through CODECO', (_, envelope) => {
    const text = renderInterchange(options, [{ envelope, reference: '7', message: 'CODECO' }]);
    const translated = translateInterchange(text);
    expect(translated.messages[0].errors).toEqual([]);
    expect(translated.messages[0].message).toBe('CODECO');
    expect(translated.messages[0].envelope).toEqual(envelope);
  });

  it('keeps every message of a multi-message interchange apart', () => {
    const all = mapped.map(([, envelope], i) => ({ envelope, reference: String(i + 1) }));
    const translated = translateInterchange(renderInterchange(options, all), { messages: ALL_MESSAGES });
    expect(translated.interchange.errors).toEqual([]);
    expect(translated.messages.map((m) => m.envelope)).toEqual(mapped.map(([, e]) => e));
  });

  it('renders segment counts that UNT checks', () => {
    const [, envelope] = valid[0];
    const segments = renderMessage({ envelope, reference: '1' });
    expect(segments[segments.length - 1].elements[0]).toEqual([String(segments.length)]);
  });
});
