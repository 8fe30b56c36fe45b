import { formatLocation } from '../location';
import { tokenize } from './tokenize';

const plain = (text: string) => tokenize(text).segments.map(({ tag, elements }) => [tag, ...elements]);

describe('tokenize', () => {
  it('splits segments, elements and components with the version 3 defaults when there is no UNA', () => {
    expect(plain("UNB+UNOC:3+A+B'UNH+1+IFTSTA:D:96B:UN'")).toEqual([
      ['UNB', ['UNOC', '3'], ['A'], ['B']],
      ['UNH', ['1'], ['IFTSTA', 'D', '96B', 'UN']],
    ]);
    expect(tokenize("UNB+UNOC:3'").serviceCharacters.repetition).toBe(' ');
  });

  it('takes the repetition separator * when UNB names syntax version 4', () => {
    expect(tokenize("UNB+UNOW:4'").serviceCharacters.repetition).toBe('*');
  });

  it('reads the separators the UNA advice names', () => {
    const tokens = tokenize('UNA|^,\\ ~UNB^UNOC|3~FTX^AAI^^^a\\|b\\^c\\~d\\\\e,f~');
    expect(tokens.una).toBe(true);
    expect(tokens.serviceCharacters).toEqual({
      component: '|',
      element: '^',
      decimal: ',',
      release: '\\',
      repetition: ' ',
      segment: '~',
    });
    expect(plain('UNA|^,\\ ~FTX^AAI^^^a\\|b\\^c\\~d\\\\e,f~')).toEqual([
      ['FTX', ['AAI'], [''], [''], ['a|b^c~d\\e,f']],
    ]);
  });

  it.each([
    ["?'", "'"],
    ['?+', '+'],
    ['?:', ':'],
    ['??', '?'],
    ['a?*b', 'a*b'],
  ])('takes %s after the release character as data (%s)', (written, value) => {
    expect(tokenize(`UNB+UNOW:4'FTX+${written}'`).segments[1].elements[0][0]).toBe(value);
  });

  it('ignores line breaks between segments and counts positions and offsets', () => {
    const tokens = tokenize("UNB+UNOC:3'\r\nUNH+1'\nUNT+2+1'\n");
    expect(tokens.errors).toEqual([]);
    expect(tokens.segments.map((s) => [s.tag, s.position, s.offset])).toEqual([
      ['UNB', 1, 0],
      ['UNH', 2, 13],
      ['UNT', 3, 20],
    ]);
  });

  it.each([
    ['UNA:+.', 'six service characters'],
    ["UNA:A.? '", 'letters, digits'],
    ["UNA::.? '", 'two purposes'],
    ["UNA:+;? '", 'decimal mark'],
  ])('refuses the UNA advice %s', (una, problem) => {
    const { errors, segments } = tokenize(una.length < 9 ? una : `${una}UNB+UNOC:3'`);
    expect(segments).toEqual([]);
    expect(errors).toEqual([
      expect.objectContaining({ rule: 'edifact.una', code: '1', message: expect.stringContaining(problem) }),
    ]);
  });

  it('reports a segment without its terminator and a tag that is not one', () => {
    const { errors } = tokenize("UNB+UNOC:3'x1+2'UNZ+1");
    expect(errors.map((e) => [e.rule, formatLocation(e.location), e.message])).toEqual([
      ['edifact.segment', 'x1 2', '"x1" is not a segment tag'],
      ['edifact.segment', 'UNZ 3', 'the interchange ends inside a segment: its terminator is missing'],
    ]);
  });

  it('reports a repeated data element in syntax version 4 at its position', () => {
    const { errors } = tokenize("UNB+UNOW:4'LOC+5+AZBAK*GEPTI'");
    expect(errors.map((e) => [e.rule, formatLocation(e.location)])).toEqual([
      ['edifact.repetition', 'LOC 2 / C517 / 3225'],
    ]);
  });
});
