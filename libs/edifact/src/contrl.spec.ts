import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderContrl } from './contrl';
import { interchangeText } from './render';
import type { Segment } from './syntax/segment';
import { tokenize } from './syntax/tokenize';
import { translateInterchange } from './translate';

const sample = (file: string) =>
  readFileSync(join(__dirname, '../../../test/fixtures/edifact', file), 'utf8');
const lines = (segments: Segment[]) =>
  segments.map((s) => [s.tag, ...s.elements.map((e) => e.join(':'))].join('+'));
const contrlOf = (file: string) => lines(renderContrl(translateInterchange(sample(file)), 'C1'));

describe('renderContrl', () => {
  it('acknowledges an interchange and each of its messages', () => {
    expect(contrlOf('interchange-d96b-two-messages.edi')).toEqual([
      'UNH+C1+CONTRL:D:96B:UN',
      'UCI+PTI000453+GE-PORT-POTI:ZZZ+CX-EXCHANGE:ZZZ+7',
      'UCM+1+CODECO:D:96B:UN+7',
      'UCM+2+IFTSTA:D:96B:UN+7',
      'UNT+5+C1',
    ]);
  });

  it('rejects a message whose UNT does not count its segments, naming UNT and 0074', () => {
    expect(contrlOf('invalid-unt-segment-count.edi')).toContain('UCM+1+IFTSTA:D:96B:UN+4+5+UNT+2');
  });

  it('names a missing segment in UCS and an erroneous data element in UCD', () => {
    expect(contrlOf('invalid-missing-mandatory-segment.edi')).toContain('UCS+3+6');
    const repeated = contrlOf('invalid-repeated-data-element.edi');
    expect(repeated).toContain('UCM+M1+IFTSTA:D:96B:UN+4');
    expect(repeated.slice(-3, -1)).toEqual(['UCS+10', 'UCD+10+3:1']);
  });

  it('rejects the whole interchange in UCI for an error of UNA, UNB or UNZ', () => {
    expect(contrlOf('invalid-unz-control-reference.edi')[1]).toBe(
      'UCI+PTI000451+GE-PORT-POTI:ZZZ+CX-EXCHANGE:ZZZ+4+5+UNZ+3',
    );
    expect(contrlOf('invalid-una-separator-twice.edi')[1]).toBe('UCI++++4+1+UNA');
  });

  it('is sent in an interchange of its own that reads back', () => {
    const segments = renderContrl(translateInterchange(sample('invalid-unknown-message-type.edi')), 'C2');
    const text = interchangeText(
      {
        sender: { id: 'CX-EXCHANGE', qualifier: 'ZZZ' },
        recipient: { id: 'GE-PORT-POTI', qualifier: 'ZZZ' },
        controlReference: 'CX1',
        preparedAt: new Date('2026-11-24T09:16:00Z'),
      },
      segments,
    );
    expect(tokenize(text).errors).toEqual([]);
    expect(text).toContain("UCM+1+BAPLIE:D:96B:UN+4+3+UNH+3:1'");
  });
});
