import { ackIdFor, EXCHANGE_ID, fallbackAckIdFor } from '@cx/contracts';
import { loadSettings, topicsOf } from '@cx/config';
import { ExchangeKeyring, newExchangeKey } from '@cx/evidence';
import { type ConsumedRecord, type KafkaAdmin, type OutgoingRecord, positionOf, TopicCache } from '@cx/kafka';
import { corpusMessage } from '../../../test/fixtures/corpus';
import { InMemoryDatabase, participantDirectory } from '../../../test/support/in-memory-stores';
import { RoutingService } from './routing.service';

const NOTE = 'consignment.note/valid-altynkol-aktau-alat-tbilisi-poti';
const settings = loadSettings({});
const topics = topicsOf(settings);
let offset = 0;

/** A record of cx.validated as the gateway or the validator writes it. */
const validated = (envelope: object, at = String(offset++)): ConsumedRecord => ({
  topic: topics.validated,
  partition: 0,
  offset: at,
  key: null,
  value: Buffer.from(JSON.stringify(envelope)),
  headers: { 'cx-received-at': '2026-11-24T11:00:00.000Z' },
  timestamp: '0',
});

async function setUp() {
  const db = new InMemoryDatabase();
  const kafka = new TopicCache({ ensure: async () => [] } as unknown as KafkaAdmin);
  const service = new RoutingService(
    settings,
    await participantDirectory(),
    db.messageStore,
    db.pipelineStore,
    kafka,
    new ExchangeKeyring([await newExchangeKey(new Date())]),
  );
  return { db, route: (...records: ConsumedRecord[]) => service.route(records) };
}

const ackIn = (value: string | Buffer) =>
  JSON.parse(value.toString()) as { id: string; payload: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('RoutingService', () => {
  it('delivers a note to its parties, acks its sender, and records message, ack, deliveries and consignment', async () => {
    const { db, route } = await setUp();
    const note = corpusMessage(NOTE);
    const record = validated(note);
    const out = await route(record);

    const deliveries = out.filter((r) => r.headers?.ce_id === note.id);
    const recipients = deliveries.map((r) => r.topic.slice(topics.deliverPrefix.length)).sort();
    expect(recipients.length).toBeGreaterThan(0);
    expect(recipients).not.toContain(note.sender);
    expect(deliveries.every((r) => r.value === record.value && r.key === note.consignmentRef)).toBe(true);

    const ack = out.find((r) => r.topic === topics.deliver(note.sender))!;
    expect(ackIn(ack.value)).toMatchObject({
      id: ackIdFor(note.id),
      payload: { outcome: 'accepted', recipients },
    });

    expect(db.messages.get(note.id)).toMatchObject({
      status: 'routed',
      recipients,
      receivedAt: '2026-11-24T11:00:00.000Z',
      routedFrom: positionOf(record),
      errors: null,
    });
    expect(db.messages.get(ackIdFor(note.id))).toMatchObject({
      type: 'ack',
      sender: EXCHANGE_ID,
      recipients: [note.sender],
      correlationId: note.id,
      routedFrom: positionOf(record),
    });
    expect(db.deliveries.map((d) => d.participantId).sort()).toEqual([...recipients, note.sender].sort());
    expect(db.consignmentRows.get(note.consignmentRef)).toMatchObject({ owner: note.sender });
  });

  it('routes a record read again after a crash the same way, and a producer’s retry from another record not at all', async () => {
    const { db, route } = await setUp();
    const note = corpusMessage(NOTE);
    const record = validated(note);
    // The ack's createdAt is the time of routing; what is written where is the same.
    const written = (out: OutgoingRecord[]) => out.map((r) => `${r.topic} ${r.headers?.ce_id}`);
    const first = written(await route(record));
    expect(written(await route(record))).toEqual(first);
    expect(await route(validated(note))).toEqual([]);
    expect(db.messages.get(note.id)?.routedFrom).toBe(positionOf(record));
  });

  it('refuses other content under a used id with an ack of its own, and keeps the stored message', async () => {
    const { db, route } = await setUp();
    const note = corpusMessage(NOTE);
    await route(validated(note));
    const stored = db.messages.get(note.id);
    const other = validated({ ...note, consignmentRef: 'KTZE-2026-009999' });
    const out = await route(other);
    expect(out).toHaveLength(1);
    expect(ackIn(out[0].value)).toMatchObject({
      id: fallbackAckIdFor(note.id, positionOf(other)),
      payload: { outcome: 'rejected', errors: [{ path: '/id', rule: 'id.unique' }] },
    });
    expect(db.messages.get(note.id)).toBe(stored);
  });

  it('refuses a note under a consignment another participant opened: a rejected row and ack, no delivery', async () => {
    const { db, route } = await setUp();
    const note = corpusMessage(NOTE);
    await route(validated(note));
    const intruder = corpusMessage('consignment.note/valid-dostyk-kuryk-alat-akhalkalaki-kars');
    intruder.consignmentRef = note.consignmentRef;
    const record = validated(intruder);
    const out = await route(record);
    expect(out.map((r) => r.topic)).toEqual([topics.deliver(intruder.sender)]);
    expect(ackIn(out[0].value).payload).toMatchObject({
      outcome: 'rejected',
      errors: [{ rule: 'consignment.owner' }],
    });
    expect(db.messages.get(intruder.id)).toMatchObject({
      status: 'rejected',
      routedFrom: positionOf(record),
      routedAt: null,
      errors: [{ rule: 'consignment.owner' }],
    });
  });

  it('records the last event of a consignment from its transport status', async () => {
    const { db, route } = await setUp();
    const status = corpusMessage('transport.status/valid-departed-altynkol');
    await route(validated(status));
    expect(db.consignmentRows.get(status.consignmentRef)?.lastEvent).toEqual({
      messageId: status.id,
      eventCode: status.payload.eventCode,
      location: status.payload.location,
      eventTime: status.payload.eventTime,
    });
  });
});
