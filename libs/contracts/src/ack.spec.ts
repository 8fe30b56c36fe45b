import { ackIdAvoiding, ackIdFor, buildAck, EXCHANGE_ID, fallbackAckIdFor } from './ack';

describe('buildAck', () => {
  const original = {
    id: '0b9f4a5e-6a52-4c2e-9d7e-2f1a9c3b7d10',
    sender: 'KZ-RAIL-KTZ',
    consignmentRef: 'KTZ-2026-000123',
  };

  it('acknowledges to the sender, from the exchange, about the original message', () => {
    const ack = buildAck(
      original,
      'accepted',
      { recipients: ['GE-RAIL-GR'] },
      new Date('2026-11-24T10:00:00Z'),
    );
    expect(ack).toMatchObject({
      type: 'ack',
      sender: EXCHANGE_ID,
      recipients: ['KZ-RAIL-KTZ'],
      correlationId: original.id,
      consignmentRef: 'KTZ-2026-000123',
      createdAt: '2026-11-24T10:00:00.000Z',
      payload: { ackFor: original.id, outcome: 'accepted', errors: [], recipients: ['GE-RAIL-GR'] },
    });
  });

  it('derives a stable UUID from the message id, different per message', () => {
    expect(ackIdFor(original.id)).toBe(ackIdFor(original.id));
    expect(ackIdFor(original.id)).not.toBe(ackIdFor('1b9f4a5e-6a52-4c2e-9d7e-2f1a9c3b7d10'));
    expect(ackIdFor(original.id)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});

describe('ack ids', () => {
  const id = '0b9f4a5e-6a52-4c2e-9d7e-2f1a9c3b7d10';

  it('keep the derived id when it is free or held by this message’s own ack', () => {
    expect(ackIdAvoiding(id, 'cx.validated:0:7', undefined)).toBe(ackIdFor(id));
    expect(ackIdAvoiding(id, 'cx.validated:0:7', { type: 'ack', correlationId: id })).toBe(ackIdFor(id));
  });

  it('take another, stable per record, when a message or another ack holds the derived id', () => {
    const other = ackIdAvoiding(id, 'cx.validated:0:7', { type: 'transport.status', correlationId: null });
    expect(other).not.toBe(ackIdFor(id));
    expect(other).toBe(fallbackAckIdFor(id, 'cx.validated:0:7'));
    expect(fallbackAckIdFor(id, 'cx.validated:0:8')).not.toBe(other);
    expect(ackIdAvoiding(id, 'cx.validated:0:7', { type: 'ack', correlationId: 'x' })).toBe(other);
  });
});
