import { webhookBody } from './webhook-body';

const status = {
  id: 'dda4c8a5-5b9f-422d-9872-be571475ca88',
  type: 'transport.status',
  version: '1.0',
  sender: 'GE-PORT-POTI',
  consignmentRef: 'KTZ-2026-000123',
  createdAt: '2026-11-23T16:00:00+04:00',
  payload: { eventCode: 'DEPARTED', location: 'GEPTI', eventTime: '2026-11-23T15:20:00+04:00' },
};
const item = (envelope: object) => ({
  seq: 12,
  messageId: status.id,
  type: 'transport.status',
  consignmentRef: status.consignmentRef,
  envelope: JSON.stringify(envelope),
  jws: null,
  receipt: null,
  interchange: null,
});

describe('webhookBody', () => {
  it('posts the envelope as JSON by default', () => {
    expect(webhookBody('json', item(status), { id: 'P' })).toEqual({
      contentType: 'application/json',
      text: JSON.stringify(status),
    });
  });

  it('posts an interchange of its own to an EDIFACT subscription', () => {
    const body = webhookBody('edifact', item(status), { id: 'KZ0001', qualifier: '5' });
    expect(body.contentType).toBe('application/EDIFACT');
    expect(body.text).toMatch(
      /^UNA:\+\.\?\*'UNB\+UNOW:4\+CX-EXCHANGE:ZZZ\+KZ0001:5\+20261123:1200\+12'UNH\+1\+IFTSTA:/,
    );
  });

  it('posts JSON for a type without an EDIFACT message', () => {
    const declaration = { ...status, type: 'customs.declaration' };
    expect(webhookBody('edifact', item(declaration), { id: 'P' }).contentType).toBe('application/json');
  });
});
