import { formatLocation } from '../location';
import type { ReadSegment } from '../syntax/segment';
import { tokenize } from '../syntax/tokenize';
import { codes, text } from './codecs';
import { readMessage } from './read-message';
import type { MessageTable } from './table';
import { writeMessage } from './write-message';

/** A small table with each kind of rule: a mandatory segment, a repeated one, a spilled text, a group per item. */
const TABLE: MessageTable = {
  message: 'TEST',
  type: 'test',
  rules: [
    { tag: 'BGM', mandatory: true, fields: [{ pointer: '/number', at: [1, 0], codec: text(35) }] },
    { tag: 'NAD', key: [[0, 0, 'MR']], each: '/to', fields: [{ pointer: '', at: [1, 0] }] },
    {
      tag: 'FTX',
      key: [[0, 0, 'AAI']],
      spill: 2,
      fields: [
        { pointer: '/note', at: [3, 0], codec: { write: (v) => [...String(v)], read: (c) => c.join('') } },
      ],
    },
    {
      group: 'CNI',
      each: '/items',
      index: '/seq',
      rules: [
        {
          tag: 'CNI',
          fields: [
            { pointer: '#', at: [0, 0] },
            { pointer: '/ref', at: [1, 0] },
          ],
        },
        {
          tag: 'STS',
          mandatory: true,
          fields: [{ pointer: '/status', at: [1, 0], codec: codes({ ok: '1' }) }],
        },
      ],
    },
  ],
};

const segments = (body: string): ReadSegment[] =>
  tokenize(`UNB+UNOC:3'UNH+9+TEST:D:96B:UN'${body}UNT+0+9'`)
    .segments.slice(1)
    .map((s, i) => ({ ...s, position: i + 1 }));

const problems = (body: string) =>
  readMessage(TABLE, '9', segments(body)).errors.map((e) => [e.rule, formatLocation(e.location)]);

describe('readMessage and writeMessage', () => {
  const body = "BGM++N1'NAD+MR+A'NAD+MR+B'FTX+AAI+++a:b'FTX+AAI+++c'CNI+1+R1'STS++1'CNI+2+R2'STS++2'";

  it('read the fields, the arrays and the groups, and note where each value came from', () => {
    const read = readMessage(TABLE, '9', segments(body));
    expect(read.errors).toEqual([]);
    expect(read.value).toEqual({
      number: 'N1',
      to: ['A', 'B'],
      note: 'abc',
      items: [
        { seq: 1, ref: 'R1', status: 'ok' },
        { seq: 2, ref: 'R2', status: '2' },
      ],
    });
    expect(formatLocation(read.positions.get('/to/1')!)).toBe('UNH 9 / NAD 4 / C082 / 3039');
    expect(formatLocation(read.positions.get('/items/1/status')!)).toBe('UNH 9 / STS 10 / C555 / 9011');
  });

  it('write what they read', () => {
    const read = readMessage(TABLE, '9', segments(body));
    const written = writeMessage(TABLE.rules, { ...read.value, items: [{ ref: 'R1', status: 'ok' }] });
    expect(written.map((s) => [s.tag, ...s.elements.map((e) => e.join(':'))].join('+'))).toEqual([
      'BGM++N1',
      'NAD+MR+A',
      'NAD+MR+B',
      'FTX+AAI+++a:b',
      'FTX+AAI+++c',
      'CNI+1+R1',
      'STS++1',
    ]);
  });

  it('report a mandatory segment that is missing where it was due', () => {
    expect(problems("NAD+MR+A'CNI+1+R1'")).toEqual([
      ['edifact.missing-segment', 'UNH 9 / BGM 2'],
      ['edifact.missing-segment', 'UNH 9 / STS 4'],
    ]);
  });

  it('report a segment repeated that may stand once, and one out of its place', () => {
    expect(problems("BGM++N1'BGM++N2'")).toEqual([['edifact.segment-repeated', 'UNH 9 / BGM 3']]);
    expect(problems("BGM++N1'CNI+1+R1'STS++1'NAD+MR+A'")).toEqual([
      ['edifact.segment-order', 'UNH 9 / NAD 5'],
    ]);
  });

  it('read over segments the table does not know, and name them', () => {
    const read = readMessage(TABLE, '9', segments("BGM++N1'TMD+3'CNI+1+R1'DIM+1'STS++1'"));
    expect(read.errors).toEqual([]);
    expect(read.ignored.map((s) => `${s.tag} ${s.position}`)).toEqual(['TMD 3', 'DIM 5']);
    expect(read.value).toEqual({ number: 'N1', items: [{ seq: 1, ref: 'R1', status: 'ok' }] });
  });
});
