import { ackIdFor, buildAck, EXCHANGE_ID } from './ack';

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
