import { RenderError } from './mapping/codecs';
import { renderInterchange, renderMessage } from './render';
import { serializeSegments } from './syntax/serialize';
import { DEFAULT_SERVICE_CHARACTERS_V4 } from './syntax/service-characters';
import { translateInterchange } from './translate';

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

  it('carry the EDIFACT position of a violation in APERAK (FTX+ZZZ+LOC), and read it back', () => {
    const ack = {
      id: '0b5d3c1e-8f2a-5c4b-9d6e-7a8b9c0d1e2f',
      type: 'ack',
      version: '1.0',
      sender: 'CX-EXCHANGE',
      consignmentRef: 'KTZ-2026-000123',
      createdAt: '2026-11-23T16:00:00+04:00',
      recipients: ['GE-PORT-POTI'],
      correlationId: status.id,
      payload: {
        ackFor: status.id,
        outcome: 'rejected',
        recipients: [],
        errors: [
          {
            path: '/payload/containerNumber',
            message: 'check digit',
            rule: 'iso6346.check-digit',
            edifact: 'UNH 1 / EQD 11 / C237 / 8260',
          },
        ],
      },
    };
    const segments = renderMessage({ envelope: ack, reference: '1' });
    expect(serializeSegments(segments, DEFAULT_SERVICE_CHARACTERS_V4, { una: false })).toContain(
      "FTX+ZZZ+LOC++UNH 1 / EQD 11 / C237 / 8260'",
    );
    const text = renderInterchange(
      {
        sender: { id: 'CX-EXCHANGE' },
        recipient: { id: 'P' },
        controlReference: '1',
        preparedAt: new Date(),
      },
      [{ envelope: ack, reference: '1' }],
    );
    const [read] = translateInterchange(text, { messages: ['APERAK'] }).messages;
    expect(read.envelope).toEqual(ack);
  });
});
