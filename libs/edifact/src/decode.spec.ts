import { countMessages, decodeInterchange, syntaxIdentifierOf, translateInterchangeBytes } from './decode';
import { formatLocation } from './location';

const interchange = (syntax: string, name: string) =>
  `UNB+${syntax}+A:ZZZ+CX-EXCHANGE:ZZZ+261124:1130+R1'UNH+1+IFTSTA:D:96B:UN'FTX+AAI+++${name}'UNT+3+1'UNZ+1+R1'`;

describe('decodeInterchange', () => {
  it.each([
    ['UNOC:3', 'Gümrük', 'latin1', 'Gümrük'],
    ['UNOW:4', 'Ақтау · ფოთი', 'utf8', 'Ақтау · ფოთი'],
    ['UNOY:4', 'Bakı', 'utf8', 'Bakı'],
    ['UNOA:3', 'POTI', 'latin1', 'POTI'],
  ] as const)('decodes %s by its character set', (syntax, name, encoding, expected) => {
    const bytes = Buffer.from(interchange(syntax, name), encoding);
    const decoded = decodeInterchange(bytes);
    expect(decoded.error).toBeUndefined();
    expect(decoded.text).toContain(`+++${expected}'`);
  });

  it.each([
    ['UNOW:4', Buffer.from('Gümrük', 'latin1'), 'bytes that are not UTF-8'],
    ['UNOA:3', Buffer.from('Gümrük', 'latin1'), 'a byte over 127'],
  ])('refuses %s holding bytes not of its set', (syntax, name, found) => {
    const bytes = Buffer.concat([
      Buffer.from(interchange(syntax, '').split("+++'")[0] + '+++'),
      name,
      Buffer.from("'UNT+3+1'UNZ+1+R1'"),
    ]);
    const { error } = decodeInterchange(bytes);
    expect(error?.rule).toBe('edifact.character-set');
    expect(error?.code).toBe('21');
    expect(error?.message).toContain(found);
    expect(error && formatLocation(error.location)).toBe('UNB 1 / S001 / 0001');
  });

  it.each([
    ["UNA:+.? 'UNB+UNOW:4+A'", 'UNOW'],
    ["UNA|^.? 'UNB^UNOC|3^A'", 'UNOC'],
    ["UNB+UNOC:3+A'", 'UNOC'],
    ["UNH+1+IFTSTA'", ''],
  ])('reads the syntax identifier of %s', (text, identifier) => {
    expect(syntaxIdentifierOf(Buffer.from(text))).toBe(identifier);
  });
});

const IDS = { secret: Buffer.alloc(32), participant: 'A' };

describe('translateInterchangeBytes', () => {
  it('stops every message of an interchange whose bytes are not of its set, and keeps UNB', () => {
    const bytes = Buffer.from(interchange('UNOA:3', 'Gümrük'), 'latin1');
    const translated = translateInterchangeBytes(bytes, { ids: IDS });
    expect(translated.interchange.errors.map((e) => e.rule)).toContain('edifact.character-set');
    expect(translated.interchange.header?.sender).toEqual({ id: 'A', qualifier: 'ZZZ' });
    expect(translated.messages.every((m) => m.envelope === undefined)).toBe(true);
  });
});

describe('countMessages', () => {
  it.each([
    ["UNB+UNOC:3+A+B+1+R'UNH+1+X'UNT+2+1'UNH+2+X'UNT+2+2'UNZ+2+R'", 2],
    ["UNB+UNOC:3+A+B+1+R'\r\nUNH+1+X'\r\nUNT+2+1'\r\nUNZ+1+R'", 1],
    ['UNA|^.? ~UNB^UNOC|3^A^B^1^R~UNH^1^X~UNT^2^1~UNZ^1^R~', 1],
    ["UNB+UNOC:3+A+B+1+R'FTX+AAI+++UNH+UNHCR'UNZ+0+R'", 0],
    ["UNB+UNOC:3+A+B+1+R'FTX+AAI+++a?'UNH+b'UNZ+0+R'", 1],
  ])('counts at least the messages of %j: %d', (text, count) => {
    expect(countMessages(Buffer.from(text))).toBe(count);
  });

  it.each(['é', '€'])(
    'counts the messages of a UNOW interchange whose UNA terminator is %s, several bytes in UTF-8',
    (t) => {
      const text = `UNA:+.? ${t}UNB+UNOW:4+A+B+1+R${t}UNH+1+X${t}UNT+2+1${t}UNH+2+X${t}UNT+2+2${t}UNZ+2+R${t}`;
      const bytes = Buffer.from(text, 'utf8');
      expect(translateInterchangeBytes(bytes, { ids: IDS }).messages).toHaveLength(2);
      expect(countMessages(bytes)).toBe(2);
    },
  );
});
