import { randomUUID } from 'node:crypto';
import { Producer } from 'kafkajs';
import { loadParticipants } from './fixtures/corpus';
import {
  call,
  corpusMessage,
  deliverTopic,
  Envelope,
  registerCorridor,
  waitUntilRoutable,
} from './support/corridor';
import { createTestDatabase, TestDatabase } from './support/database';
import { Exchange } from './support/exchange';
import { testKafka } from './support/kafka-client';
import { ReadRecord, TopicReader } from './support/topic-reader';

const PARTICIPANTS = loadParticipants().map((p) => p.id);

describe('the pipeline: submit, validate, route, deliver', () => {
  let db: TestDatabase;
  let x: Exchange;
  let keys: Record<string, string>;
  let reader: TopicReader;
  let producer: Producer;

  beforeAll(async () => {
    db = await createTestDatabase();
    x = await Exchange.start(db);
    keys = await registerCorridor(x);
    // Routing by role and place reads a directory that reloads every 2 s: wait until it holds the whole corridor.
    await waitUntilRoutable(x, keys);
    reader = await TopicReader.open([
      ...PARTICIPANTS.map((id) => deliverTopic(x, id)),
      `${x.topicPrefix}.dlq`,
    ]);
    const kafka = testKafka('cx-test-operator');
    producer = kafka.producer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await reader?.close();
    await x?.stop();
    await db?.drop();
  });

  /** Who holds message `id` on their delivery topic (acks excluded). */
  const holders = (id: string) =>
    reader.records
      .filter((r) => r.headers.ce_id === id)
      .map((r) => r.topic.slice(`${x.topicPrefix}.deliver.`.length))
      .sort();

  const ackFor = (id: string): ReadRecord | undefined =>
    reader.records.find(
      (r) => r.headers.ce_type === 'ack' && (r.json.payload as { ackFor?: string })?.ackFor === id,
    );

  async function send(envelope: Envelope): Promise<ReadRecord> {
    const res = await call(x, 'POST', '/v1/messages', keys[envelope.sender], envelope);
    expect(res.status).toBe(202);
    await reader.waitFor(() => ackFor(envelope.id) !== undefined, `the ack of ${envelope.id}`);
    return ackFor(envelope.id)!;
  }

  async function expectRouted(envelope: Envelope, expected: string[]): Promise<void> {
    const ack = await send(envelope);
    expect(ack.topic).toBe(deliverTopic(x, envelope.sender));
    expect(ack.json.payload).toMatchObject({ outcome: 'accepted', recipients: expected });
    await reader.waitFor(
      () => holders(envelope.id).length >= expected.length,
      `deliveries of ${envelope.id}`,
    );
    expect(holders(envelope.id)).toEqual(expected);
  }

  describe('routing rules', () => {
    it('consignment.note: carriers of the legs, ports and railways at their ends, customs of their countries', async () => {
      const note = corpusMessage('consignment.note/valid-altynkol-aktau-alat-tbilisi-poti');
      await expectRouted(note, [
        'AZ-CARRIER-ASCO',
        'AZ-CUSTOMS',
        'AZ-PORT-BAKU',
        'AZ-RAIL-ADY',
        'GE-CUSTOMS',
        'GE-PORT-POTI',
        'GE-RAIL-GR',
        'KZ-CUSTOMS',
        'KZ-PORT-AKTAU',
        'KZ-RAIL-KTZ',
      ]);
      const delivered = reader.records.find((r) => r.headers.ce_id === note.id)!;
      expect(delivered.key).toBe(note.consignmentRef);
      expect(JSON.parse(delivered.value)).toEqual(note);
      expect(delivered.headers).toMatchObject({
        ce_specversion: '1.0',
        ce_type: 'consignment.note',
        ce_source: note.sender,
        ce_subject: note.consignmentRef,
        ce_time: note.createdAt,
      });
    });

    it('transport.status: the consignment’s parties and the customs of the location', async () => {
      await expectRouted(corpusMessage('transport.status/valid-loaded-aktau-ferry'), [
        'AZ-CARRIER-ASCO',
        'AZ-CUSTOMS',
        'AZ-PORT-BAKU',
        'AZ-RAIL-ADY',
        'GE-CUSTOMS',
        'GE-PORT-POTI',
        'GE-RAIL-GR',
        'KZ-CUSTOMS',
        'KZ-FORWARDER-KTZE',
        'KZ-RAIL-KTZ',
      ]);
    });

    it('cargo.manifest: ports at either end and the customs of both countries', async () => {
      await expectRouted(corpusMessage('cargo.manifest/valid-ferry-aktau-alat'), [
        'AZ-CUSTOMS',
        'AZ-PORT-BAKU',
        'KZ-CUSTOMS',
        'KZ-PORT-AKTAU',
      ]);
    });

    it('customs.declaration: the customs of both offices, nobody else', async () => {
      await expectRouted(corpusMessage('customs.declaration/valid-transit-aktau-poti'), [
        'GE-CUSTOMS',
        'KZ-CUSTOMS',
      ]);
    });

    it('customs.decision: the declarant and the parties of the deciding customs’ country', async () => {
      await expectRouted(corpusMessage('customs.decision/valid-released-poti'), [
        'GE-PORT-POTI',
        'GE-RAIL-GR',
        'KZ-FORWARDER-KTZE',
      ]);
    });

    it('explicit recipients are added; the sender never receives its own message', async () => {
      const note = corpusMessage('consignment.note/valid-poti-baku-aktau-with-recipient');
      const ack = await send(note);
      const recipients = (ack.json.payload as { recipients: string[] }).recipients;
      expect(recipients).toContain('KZ-FORWARDER-KTZE');
      expect(recipients).not.toContain(note.sender);
    });
  });

  describe('tracking', () => {
    it('GET /v1/messages/{id}: routed, for the sender, a recipient and the admin; 404 for anyone else', async () => {
      const note = corpusMessage('consignment.note/valid-aktau-baku-bulk-ferry');
      await send(note);
      const bySender = await call(x, 'GET', `/v1/messages/${note.id}`, keys[note.sender]);
      expect(bySender.status).toBe(200);
      expect(bySender.body).toMatchObject({
        id: note.id,
        type: 'consignment.note',
        status: 'routed',
        sender: note.sender,
      });
      expect(bySender.body.recipients).toContain('AZ-PORT-BAKU');
      expect((await call(x, 'GET', `/v1/messages/${note.id}`, keys['AZ-PORT-BAKU'])).status).toBe(200);
      expect((await call(x, 'GET', `/v1/messages/${note.id}`, x.adminToken)).status).toBe(200);
      const stranger = await call(x, 'GET', `/v1/messages/${note.id}`, keys['TR-PORT-MERSIN']);
      expect(stranger.status).toBe(404);
      expect(stranger.contentType).toMatch(/^application\/problem\+json/);
    });

    it('GET /v1/consignments/{ref}: parties and timeline for parties and the admin; 404 to others', async () => {
      const ref = 'KTZE-2026-004711';
      const res = await call(x, 'GET', `/v1/consignments/${encodeURIComponent(ref)}`, keys['GE-RAIL-GR']);
      expect(res.status).toBe(200);
      expect(res.body.parties).toEqual(
        expect.arrayContaining(['KZ-FORWARDER-KTZE', 'GE-RAIL-GR', 'KZ-CUSTOMS']),
      );
      const types = (res.body.timeline as Array<{ type: string }>).map((t) => t.type);
      expect(types.slice(0, 2)).toEqual(['consignment.note', 'transport.status']);
      expect(res.body.lastEvent).toMatchObject({ eventCode: 'LOADED', location: 'KZAAU' });
      expect(
        (await call(x, 'GET', `/v1/consignments/${encodeURIComponent(ref)}`, keys['TR-PORT-MERSIN'])).status,
      ).toBe(404);
    });
  });

  describe('idempotency', () => {
    it('an identical replay gets 200 with the first receipt; the same id with other content 409', async () => {
      const status = corpusMessage('transport.status/valid-departed-altynkol', true);
      const first = await call(x, 'POST', '/v1/messages', keys[status.sender], status);
      expect(first.status).toBe(202);
      expect(first.body).toEqual({ id: status.id, status: 'accepted', receivedAt: expect.any(String) });
      const again = await call(x, 'POST', '/v1/messages', keys[status.sender], status);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      const other = await call(x, 'POST', '/v1/messages', keys[status.sender], {
        ...status,
        payload: { ...(status.payload as object), remarks: 'changed' },
      });
      expect(other.status).toBe(409);
      const atCustoms = () =>
        reader.records.filter(
          (r) => r.headers.ce_id === status.id && r.topic === deliverTopic(x, 'KZ-CUSTOMS'),
        );
      // The ack and the deliveries share one transaction, but the reader reads their topics one after another.
      await reader.waitFor(
        () => ackFor(status.id) !== undefined && atCustoms().length > 0,
        'the ack and the delivery to KZ-CUSTOMS',
      );
      expect(atCustoms()).toHaveLength(1);
    });
  });

  describe('errors of section 5, as application/problem+json', () => {
    const note = () => corpusMessage('consignment.note/valid-aktau-baku-bulk-ferry', true);
    const key = () => keys['AZ-CARRIER-ASCO'];

    it.each([
      ['400 malformed JSON', () => ({ body: '{"id": ', headers: {} }), 400],
      ['400 not an object', () => ({ body: '[1,2]', headers: {} }), 400],
      ['415 not JSON', () => ({ body: 'id=1', headers: { 'content-type': 'text/plain' } }), 415],
      [
        '413 over 1 MiB',
        () => ({ body: JSON.stringify({ ...note(), pad: 'x'.repeat(1024 * 1024) }), headers: {} }),
        413,
      ],
    ])('%s', async (_name, make, expected) => {
      const { body, headers } = make();
      const res = await call(x, 'POST', '/v1/messages', key(), body, headers);
      expect(res.status).toBe(expected);
      expect(res.contentType).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({
        status: expected,
        type: expect.any(String),
        title: expect.any(String),
        detail: expect.any(String),
      });
    });

    it('401 without a key or with a bad one', async () => {
      expect((await call(x, 'POST', '/v1/messages', undefined, note())).status).toBe(401);
      expect((await call(x, 'POST', '/v1/messages', 'cx_nope_nope', note())).status).toBe(401);
    });

    it('403 when the sender is not the caller, or the role may not send the type', async () => {
      const asOther = await call(x, 'POST', '/v1/messages', keys['AZ-PORT-BAKU'], note());
      expect(asOther.status).toBe(403);
      expect(asOther.body.errors).toEqual([
        expect.objectContaining({ path: '/sender', rule: 'sender.is-caller' }),
      ]);
      const byCustoms = { ...note(), sender: 'AZ-CUSTOMS' };
      const role = await call(x, 'POST', '/v1/messages', keys['AZ-CUSTOMS'], byCustoms);
      expect(role.status).toBe(403);
      expect(role.body.errors).toEqual([expect.objectContaining({ rule: 'role.may-send' })]);
    });

    it('422 with every violation, each with a JSON Pointer and its rule; nothing is delivered', async () => {
      const bad = note();
      const payload = bad.payload as { legs: Array<Record<string, unknown>>; totalGrossMassKg: number };
      payload.legs[0].from = 'nowhere';
      payload.totalGrossMassKg = 1;
      const res = await call(x, 'POST', '/v1/messages', key(), bad);
      expect(res.status).toBe(422);
      const errors = res.body.errors as Array<{ path: string; rule: string }>;
      expect(errors.map((e) => e.path)).toContain('/payload/legs/0/from');
      expect(errors.every((e) => e.path.startsWith('/') && e.rule)).toBe(true);
      expect((await call(x, 'GET', `/v1/messages/${bad.id}`, key())).status).toBe(404);
    });

    it('batch: each item judged as if sent alone', async () => {
      const good = note();
      const res = await call(x, 'POST', '/v1/messages/batch', key(), [
        good,
        { ...note(), sender: 'AZ-PORT-BAKU' },
        'nope',
        good,
      ]);
      expect(res.status).toBe(200);
      const results = res.body.results as Array<{ index: number; status: string; httpStatus: number }>;
      expect(results.map((r) => [r.index, r.status, r.httpStatus])).toEqual([
        [0, 'accepted', 202],
        [1, 'rejected', 403],
        [2, 'rejected', 400],
        [3, 'accepted', 200],
      ]);
    });
  });

  describe('direct Kafka ingestion on cx.inbound', () => {
    it('routes a valid envelope, answers an invalid one with a rejected ack, dead-letters garbage and keeps flowing', async () => {
      const inbound = `${x.topicPrefix}.inbound`;
      const valid = corpusMessage('cargo.manifest/valid-block-train-alat-poti', true);
      const invalid = {
        ...corpusMessage('cargo.manifest/valid-block-train-alat-poti', true),
        consignmentRef: 'bad ref!',
      };
      const garbage = 'this is not json {';
      const after = corpusMessage('transport.status/valid-discharged-alat', true);
      await producer.send({
        topic: inbound,
        messages: [
          { key: 'x', value: garbage },
          { key: invalid.consignmentRef, value: JSON.stringify(invalid) },
          { key: valid.consignmentRef, value: JSON.stringify(valid) },
          { key: after.consignmentRef, value: JSON.stringify(after) },
        ],
      });
      await reader.waitFor(
        () => !!ackFor(valid.id) && !!ackFor(invalid.id) && !!ackFor(after.id),
        'acks of the Kafka-ingested messages',
      );
      expect(ackFor(valid.id)!.json.payload).toMatchObject({ outcome: 'accepted' });
      // The ack and the deliveries are on different topics: the reader may have the one before the others.
      await reader.waitFor(() => holders(valid.id).length >= 3, 'deliveries of the Kafka-ingested message');
      expect(holders(valid.id)).toEqual(['AZ-CUSTOMS', 'GE-CUSTOMS', 'GE-PORT-POTI']);
      const rejected = ackFor(invalid.id)!;
      expect(rejected.topic).toBe(deliverTopic(x, invalid.sender));
      expect(rejected.json.payload).toMatchObject({
        outcome: 'rejected',
        errors: [expect.objectContaining({ path: '/consignmentRef' })],
      });
      expect(holders(invalid.id)).toEqual([]);
      await reader.waitFor(
        () => reader.on(`${x.topicPrefix}.dlq`).some((r) => r.value === garbage),
        'the garbage on the DLQ',
      );
      const dead = reader.on(`${x.topicPrefix}.dlq`).find((r) => r.value === garbage)!;
      expect(dead.headers['cx-dlq-reason']).toMatch(/not JSON/);
      const status = await call(x, 'GET', `/v1/messages/${invalid.id}`, keys[invalid.sender]);
      expect(status.body).toMatchObject({
        status: 'rejected',
        errors: [expect.objectContaining({ path: '/consignmentRef' })],
      });
    });

    it('dead-letters a record as large as cx.inbound takes and keeps flowing: the dead letter, larger by its reason, still fits', async () => {
      const inbound = `${x.topicPrefix}.inbound`;
      // Just under the broker's limit for cx.inbound once the record batch's own bytes are added.
      const huge = `not json ${'x'.repeat(1_048_588 - 200)}`;
      const after = corpusMessage('transport.status/valid-discharged-alat', true);
      await producer.send({ topic: inbound, messages: [{ key: 'huge', value: huge }] });
      await producer.send({
        topic: inbound,
        messages: [{ key: after.consignmentRef, value: JSON.stringify(after) }],
      });
      await reader.waitFor(() => !!ackFor(after.id), 'the ack of the message after the huge record');
      await reader.waitFor(
        () => reader.on(`${x.topicPrefix}.dlq`).some((r) => r.key === 'huge'),
        'the huge record on the DLQ',
      );
      const dead = reader.on(`${x.topicPrefix}.dlq`).find((r) => r.key === 'huge')!;
      expect(dead.value.length).toBe(huge.length);
      expect(dead.headers['cx-dlq-reason']).toMatch(/not JSON/);
    });
  });

  describe('order', () => {
    it('keeps the order of 100 status messages of one consignment for every recipient', async () => {
      const base = corpusMessage('transport.status/valid-handed-over-poti');
      const ref = `ORDER-${randomUUID().slice(0, 8)}`;
      const messages = Array.from({ length: 100 }, (_, i) => ({
        ...base,
        id: randomUUID(),
        consignmentRef: ref,
        payload: { ...(base.payload as object), remarks: `#${i}` },
      }));
      for (let i = 0; i < messages.length; i += 25) {
        const res = await call(x, 'POST', '/v1/messages/batch', keys[base.sender], messages.slice(i, i + 25));
        expect((res.body.results as Array<{ httpStatus: number }>).every((r) => r.httpStatus === 202)).toBe(
          true,
        );
      }
      const customs = deliverTopic(x, 'GE-CUSTOMS');
      const got = () => reader.on(customs).filter((r) => r.key === ref);
      await reader.waitFor(() => got().length === 100, '100 deliveries to GE-CUSTOMS');
      expect(got().map((r) => r.headers.ce_id)).toEqual(messages.map((m) => m.id));
      const acks = () => reader.on(deliverTopic(x, base.sender)).filter((r) => r.key === ref);
      await reader.waitFor(() => acks().length === 100, '100 acks to the sender');
      expect(acks().map((r) => (r.json.payload as { ackFor: string }).ackFor)).toEqual(
        messages.map((m) => m.id),
      );
    });
  });
});
