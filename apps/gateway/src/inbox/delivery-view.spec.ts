import { inboxItemView, streamFrame } from './delivery-view';

const status = {
  id: 'dda4c8a5-5b9f-422d-9872-be571475ca88',
  type: 'transport.status',
  version: '1.0',
  sender: 'GE-PORT-POTI',
  consignmentRef: 'KTZ-2026-000123',
  createdAt: '2026-11-23T16:00:00+04:00',
  payload: { eventCode: 'DEPARTED', location: 'GEPTI', eventTime: '2026-11-23T15:20:00+04:00' },
};
const item = (envelope: Record<string, unknown>) => ({
  seq: 7,
  messageId: String(envelope.id),
  type: String(envelope.type),
  consignmentRef: status.consignmentRef,
  envelope: JSON.stringify(envelope),
  jws: null,
  receipt: null,
  interchange: null as string | null,
});
const CUSTOMS = { id: 'GE0001', qualifier: '5' };

describe('inboxItemView and streamFrame', () => {
  it('show the envelope by default', () => {
    expect(inboxItemView(item(status), 'json', CUSTOMS)).toEqual({
      cursor: expect.any(String),
      message: status,
      jws: null,
      receipt: null,
    });
    expect(streamFrame(item(status), 'json', CUSTOMS)).toEqual({
      event: 'message',
      data: JSON.stringify(status),
    });
  });

  it('show the delivery’s own interchange with format=edifact', () => {
    const view = inboxItemView(item(status), 'edifact', CUSTOMS);
    expect(view).toEqual({
      cursor: expect.any(String),
      type: 'transport.status',
      edifact: expect.any(String),
      jws: null,
      receipt: null,
    });
    const frame = streamFrame(item(status), 'edifact', CUSTOMS);
    expect(frame.event).toBe('edifact');
    expect(frame.data).toBe((view as { edifact: string }).edifact);
    expect(frame.data).toContain("UNB+UNOW:4+CX-EXCHANGE:ZZZ+GE0001:5+20261123:1200+7'UNH+1+IFTSTA:");
  });

  it('name the signed EDIFACT interchange the sender’s JWS covers, when there is one', () => {
    const signed = { ...item(status), jws: 'h..s', interchange: 'ab'.repeat(32) };
    expect(inboxItemView(signed, 'json', CUSTOMS)).toMatchObject({
      jws: 'h..s',
      interchange: 'ab'.repeat(32),
    });
  });

  it('keep a type without an EDIFACT message as JSON', () => {
    const declaration = { ...status, type: 'customs.declaration' };
    expect(inboxItemView(item(declaration), 'edifact', CUSTOMS)).toMatchObject({ message: declaration });
    expect(streamFrame(item(declaration), 'edifact', CUSTOMS).event).toBe('message');
  });
});
