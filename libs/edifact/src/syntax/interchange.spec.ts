import { formatLocation } from '../location';
import { readInterchange } from './interchange';

const supports = (type: string) => ['IFTSTA', 'CODECO'].includes(type);
const message = (ref: string, type = 'IFTSTA:D:96B:UN') => `UNH+${ref}+${type}'BGM+23'UNT+3+${ref}'`;
const problems = (text: string) => {
  const read = readInterchange(text, supports);
  return [...read.errors, ...read.messages.flatMap((m) => m.errors)].map((e) => [
    e.rule,
    formatLocation(e.location),
  ]);
};

describe('readInterchange', () => {
  it('reads UNB and the messages, numbering segments from UNH', () => {
    const read = readInterchange(
      `UNB+UNOC:3+S:ZZZ+R+261124:0915+77'${message('1')}${message('2', 'CODECO:D:01B:UN:CX1.1')}UNZ+2+77'`,
      supports,
    );
    expect(read.errors).toEqual([]);
    expect(read.header).toEqual({
      syntax: { identifier: 'UNOC', version: '3' },
      sender: { id: 'S', qualifier: 'ZZZ' },
      recipient: { id: 'R' },
      preparedAt: { date: '261124', time: '0915' },
      controlReference: '77',
    });
    expect(
      read.messages.map((m) => [m.reference, m.identifier, m.segments.map((s) => `${s.tag}${s.position}`)]),
    ).toEqual([
      ['1', { type: 'IFTSTA', version: 'D', release: '96B', agency: 'UN' }, ['UNH1', 'BGM2', 'UNT3']],
      [
        '2',
        { type: 'CODECO', version: 'D', release: '01B', agency: 'UN', association: 'CX1.1' },
        ['UNH1', 'BGM2', 'UNT3'],
      ],
    ]);
  });

  it('reports a message without UNT when the next UNH comes', () => {
    expect(
      problems(`UNB+UNOC:3+S+R+261124:0915+77'UNH+1+IFTSTA:D:96B:UN'BGM+23'${message('2')}UNZ+2+77'`),
    ).toEqual([['edifact.unt', 'UNH 1 / UNT 3']]);
  });

  it('reports segments after UNZ and an interchange that does not begin with UNB', () => {
    expect(problems(`UNB+UNOC:3+S+R+261124:0915+77'${message('1')}UNZ+1+77'UNH+2'`)).toEqual([
      ['edifact.unz', 'UNZ 5'],
    ]);
    expect(problems(`${message('1')}UNZ+1+77'`)).toEqual([['edifact.unb', 'UNH 1']]);
  });

  it('reports a message reference used twice: both messages would be one message id', () => {
    expect(
      problems(`UNB+UNOC:3+S+R+261124:0915+77'${message('1')}${message('2')}${message('1')}UNZ+3+77'`),
    ).toEqual([['edifact.unh-message-reference', 'UNH 1 / UNH 1 / 0062']]);
  });

  it('reports an empty interchange sender and control reference', () => {
    expect(problems(`UNB+UNOC:3++R+261124:0915'UNZ+0'`)).toEqual([
      ['edifact.unb', 'UNB 1 / S002 / 0004'],
      ['edifact.unb', 'UNB 1 / 0020'],
      ['edifact.no-message', 'UNH 2'],
    ]);
  });

  it('reports an interchange that holds no message: UNB and UNZ alone are not an interchange', () => {
    expect(problems(`UNB+UNOC:3+S+R+261124:0915+77'UNZ+0+77'`)).toEqual([['edifact.no-message', 'UNH 2']]);
  });

  it.each([
    ['IFTSTA:D:96B:UN', true],
    ['IFTSTA:D:96A:UN', false],
    ['IFTSTA:D:01B:UN', true],
    ['IFTSTA:D:21A:UN', true],
    ['IFTSTA:S:93A:UN', false],
    ['IFTSTA:D:96B:EN', false],
    ['BAPLIE:D:96B:UN', false],
  ])('%s is supported: %s', (type, supported) => {
    const read = readInterchange(`UNB+UNOC:3+S+R+261124:0915+77'${message('1', type)}UNZ+1+77'`, supports);
    expect(read.messages[0].errors.length === 0).toBe(supported);
  });
});
