import { RenderError } from './mapping/codecs';
import { renderInterchange, renderMessage } from './render';

const status = {
  id: 'dda4c8a5-5b9f-422d-9872-be571475ca88',
  type: 'transport.status',
  version: '1.0',
  sender: 'GE-PORT-POTI',
  consignmentRef: 'KTZ-2026-000123',
  createdAt: '2026-11-23T16:00:00+04:00',
  payload: { eventCode: 'DEPARTED', location: 'GEPTI', eventTime: '2026-11-23T15:20:00+04:00' },
};

describe('renderMessage and renderInterchange', () => {
  it('refuse a type without an EDIFACT message, and a message of another type', () => {
    expect(() =>
      renderMessage({ envelope: { ...status, type: 'customs.declaration' }, reference: '1' }),
    ).toThrow(RenderError);
    expect(() => renderMessage({ envelope: status, reference: '1', message: 'CUSCAR' })).toThrow(RenderError);
  });

  it('refuse a CODECO for an event that is no gate move, and a participant id longer than NAD allows', () => {
    expect(() => renderMessage({ envelope: status, reference: '1', message: 'CODECO' })).toThrow(RenderError);
    expect(() =>
      renderMessage({ envelope: { ...status, sender: `GE-${'X'.repeat(40)}` }, reference: '1' }),
    ).toThrow(/longer than 35/);
  });

  it('write UNB after the syntax version: CCYYMMDD in version 4, YYMMDD in version 3', () => {
    const options = {
      sender: { id: 'CX-EXCHANGE' },
      recipient: { id: 'GE-PORT-POTI' },
      controlReference: '42',
      preparedAt: new Date('2026-11-24T09:16:00Z'),
    };
    expect(renderInterchange(options, [])).toBe(
      "UNA:+.?*'UNB+UNOW:4+CX-EXCHANGE+GE-PORT-POTI+20261124:0916+42'UNZ+0+42'",
    );
    expect(renderInterchange({ ...options, syntax: { identifier: 'UNOC', version: '3' } }, [])).toBe(
      "UNA:+.? 'UNB+UNOC:3+CX-EXCHANGE+GE-PORT-POTI+261124:0916+42'UNZ+0+42'",
    );
  });
});
