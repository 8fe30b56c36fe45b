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

const REAL_TIMERS = [
  'hrtime',
  'nextTick',
  'performance',
  'queueMicrotask',
  'setImmediate',
  'clearImmediate',
  'setInterval',
  'clearInterval',
  'setTimeout',
  'clearTimeout',
] as const;

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

  it('sends a record routed again later with the recorded ack, receipt and time, byte for byte', async () => {
    // Only Date is faked: the routing of a record read again after a failed commit happens a minute later.
    jest.useFakeTimers({ now: new Date('2026-11-24T11:00:01.000Z'), doNotFake: [...REAL_TIMERS] });
    try {
      const { db, route } = await setUp();
      const note = corpusMessage(NOTE);
      const intruder = corpusMessage('consignment.note/valid-dostyk-kuryk-alat-akhalkalaki-kars');
      const records = [validated(note), validated({ ...intruder, consignmentRef: note.consignmentRef })];
      const first = await route(...records);
      const stored = db.messages.get(ackIdFor(note.id));
      jest.setSystemTime(new Date('2026-11-24T11:01:01.000Z'));
      const again = await route(...records);
      expect(again).toEqual(first);
      expect(again.map((r) => ackIn(r.value).payload.outcome ?? 'delivery')).toContain('rejected');
      expect(db.messages.get(ackIdFor(note.id))).toMatchObject({
        envelope: stored?.envelope,
        receipt: stored?.receipt,
        routedAt: '2026-11-24T11:00:01.000Z',
      });
      expect(db.messages.get(note.id)?.routedAt).toBe('2026-11-24T11:00:01.000Z');
    } finally {
      jest.useRealTimers();
    }
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

  describe('corrections and cancellations, decided in the batch’s order', () => {
    const ids = ['a1a1a1a1-0000-4000-8000-000000000001', 'a1a1a1a1-0000-4000-8000-000000000002'];
    const recipientsOf = (out: OutgoingRecord[], id: string) =>
      out
        .filter((r) => r.headers?.ce_id === id)
        .map((r) => r.topic.slice(topics.deliverPrefix.length))
        .sort();
    const ackOf = (out: OutgoingRecord[], id: string) =>
      out.map((r) => ackIn(r.value)).find((a) => a.payload.ackFor === id)!;

    it('routes a correction made in the same batch as its original to the old and new recipients, refuses a second correction of the replaced version, and recomputes the parties', async () => {
      const { db, route } = await setUp();
      const file = 'consignment.note/valid-aktau-baku-bulk-ferry';
      const note = corpusMessage(file);
      const correction = Object.assign(corpusMessage(file), {
        id: ids[0],
        version: '1.2',
        supersedes: note.id,
      });
      correction.payload.legs[0] = { ...correction.payload.legs[0], from: 'KZKUR', to: 'AZALT' };
      const racing = Object.assign(corpusMessage(file), { id: ids[1], version: '1.2', supersedes: note.id });
      const out = await route(validated(note), validated(correction), validated(racing));

      const before = recipientsOf(out, note.id);
      expect(before).toContain('KZ-PORT-AKTAU');
      expect(recipientsOf(out, correction.id)).toEqual([...new Set([...before, 'KZ-PORT-KURYK'])].sort());
      expect(out.find((r) => r.headers?.ce_id === correction.id)!.headers).toMatchObject({
        ce_supersedes: note.id,
      });
      expect(ackOf(out, racing.id).payload).toMatchObject({
        outcome: 'rejected',
        errors: [
          expect.objectContaining({ rule: 'replaces.latest', message: expect.stringContaining(ids[0]) }),
        ],
      });
      expect(recipientsOf(out, racing.id)).toEqual([]);
      const parties = db.consignmentRows.get(note.consignmentRef)!.parties;
      expect(parties).toContain('KZ-PORT-KURYK');
      expect(parties).not.toContain('KZ-PORT-AKTAU');
    });

    it('refuses what the door let through: a correction under another ref, a cancellation of it, one of no message; then cancels the latest', async () => {
      const { route } = await setUp();
      const status = corpusMessage('transport.status/valid-handed-over-poti');
      await route(validated(status));
      const elsewhere = {
        ...status,
        id: ids[0],
        version: '1.2',
        supersedes: status.id,
        consignmentRef: 'ELSEWHERE-1',
      };
      const cancel = {
        id: ids[1],
        type: 'message.cancellation',
        version: '1.2',
        sender: status.sender,
        consignmentRef: status.consignmentRef,
        createdAt: status.createdAt,
        payload: { cancels: status.id, reason: 'sent in error' },
      };
      const unknown = {
        ...cancel,
        id: 'a1a1a1a1-0000-4000-8000-000000000003',
        payload: { cancels: ids[0], reason: 'x' },
      };
      const out = await route(validated(elsewhere), validated(unknown), validated(cancel));
      // The refused correction never became a version: cancelling it names no message the exchange routed.
      expect(ackOf(out, unknown.id).payload.errors).toEqual([
        expect.objectContaining({ path: '/consignmentRef', rule: 'replaces.same-consignment' }),
        expect.objectContaining({ path: '/payload/cancels', rule: 'replaces.routed' }),
      ]);
      expect(ackOf(out, elsewhere.id).payload.errors).toEqual([
        expect.objectContaining({ path: '/consignmentRef', rule: 'replaces.same-consignment' }),
      ]);
      expect(recipientsOf(out, cancel.id)).toEqual(['GE-CUSTOMS']);
      const nothing = {
        ...cancel,
        id: 'a1a1a1a1-0000-4000-8000-000000000004',
        payload: { cancels: ids[1].replace('a1a1', 'b2b2'), reason: 'x' },
      };
      expect(ackOf(await route(validated(nothing)), nothing.id).payload.errors).toEqual([
        expect.objectContaining({ path: '/payload/cancels', rule: 'replaces.exists' }),
      ]);
      expect(out.find((r) => r.headers?.ce_id === cancel.id)!.headers).toMatchObject({
        ce_cancels: status.id,
      });
    });

    it('lets whichever comes first of a decision and a correction of its declaration win, and refuses the other', async () => {
      const declarationFile = 'customs.declaration/valid-transit-aktau-poti';
      const declaration = corpusMessage(declarationFile);
      const decision = corpusMessage('customs.decision/valid-released-poti');
      const correction = Object.assign(corpusMessage(declarationFile), {
        id: ids[0],
        version: '1.2',
        supersedes: declaration.id,
      });
      const first = await setUp();
      let out = await first.route(validated(declaration), validated(decision), validated(correction));
      expect(ackOf(out, decision.id).payload.outcome).toBe('accepted');
      expect(ackOf(out, correction.id).payload.errors).toEqual([
        expect.objectContaining({ path: '/supersedes', rule: 'replaces.undecided' }),
      ]);
      const second = await setUp();
      out = await second.route(validated(declaration), validated(correction), validated(decision));
      expect(ackOf(out, correction.id).payload.outcome).toBe('accepted');
      expect(ackOf(out, decision.id).payload.errors).toEqual([
        expect.objectContaining({
          path: '/correlationId',
          rule: 'decision.refers-to-declaration',
          message: expect.stringContaining(ids[0]),
        }),
      ]);
    });
  });
});
