import { randomUUID } from 'node:crypto';
import { ackIdFor } from '@cx/contracts';
import type { Producer } from 'kafkajs';
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
import { EventStreamReader } from './support/event-stream-reader';
import { Exchange } from './support/exchange';
import { testKafka } from './support/kafka-client';
import { TopicReader } from './support/topic-reader';
import { waitFor } from './support/wait';
import { WebhookTarget } from './support/webhook-target';

const PARTICIPANTS = loadParticipants().map((p) => p.id);
/** Routed to for the Aktau–Baku note only (port of Aktau), and for its correction via Kuryk–Alat only (port of Kuryk). */
const OLD_ONLY = 'KZ-PORT-AKTAU';
const NEW_ONLY = 'KZ-PORT-KURYK';
const WATCHED = [OLD_ONLY, NEW_ONLY];

/**
 * Corrections and cancellations (standard 1.2) against the running exchange: a correction and a cancellation reach
 * whoever received the version they replace and whoever the new version routes to, on Kafka, the inbox, the event
 * stream and webhooks; every rule refuses with its name; the router decides what the doors could not (two corrections
 * of one version); statuses, the timeline and the parties follow.
 */
describe('corrections and cancellations', () => {
  let db: TestDatabase;
  let x: Exchange;
  let keys: Record<string, string>;
  let reader: TopicReader;
  let producer: Producer;
  const hooks = new Map<string, WebhookTarget>();
  const streams = new Map<string, EventStreamReader>();
  const ref = `ASCO/2026/C-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    db = await createTestDatabase();
    x = await Exchange.start(db, undefined, { CX_INBOX_POLL_MS: '50', CX_WEBHOOK_RETRY_BASE_MS: '50' });
    keys = await registerCorridor(x);
    await waitUntilRoutable(x, keys);
    reader = await TopicReader.open(PARTICIPANTS.map((id) => deliverTopic(x, id)));
    producer = testKafka('cx-test-corrections').producer();
    await producer.connect();
    for (const p of WATCHED) {
      const target = await WebhookTarget.start();
      hooks.set(p, target);
      const sub = await call(x, 'POST', '/v1/subscriptions', keys[p], {
        url: target.url,
        secret: 'corrections-secret-0123456789',
        consignmentRef: ref,
      });
      expect(sub.status).toBe(201);
      const url = `${x.gatewayUrl}/v1/inbox/stream?consignmentRef=${encodeURIComponent(ref)}`;
      streams.set(p, await EventStreamReader.open(url, keys[p]));
    }
  });

  afterAll(async () => {
    for (const s of streams.values()) s.close();
    await Promise.all([...hooks.values()].map((h) => h.close()));
    await producer?.disconnect();
    await reader?.close();
    await x?.stop();
    await db?.drop();
  });

  const ackOf = (id: string) =>
    reader.records.find(
      (r) => r.headers.ce_type === 'ack' && (r.json.payload as { ackFor?: string }).ackFor === id,
    );
  const ackPayload = (id: string) =>
    ackOf(id)!.json.payload as { outcome: string; recipients: string[]; errors: { rule: string }[] };
  const deliveredTo = (participant: string, id: string) =>
    reader.on(deliverTopic(x, participant)).find((r) => r.headers.ce_id === id);

  async function post(e: Envelope) {
    return call(x, 'POST', '/v1/messages', keys[e.sender], e);
  }

  /** Submits and waits until routed: its ack and every delivery on Kafka. */
  async function send(e: Envelope): Promise<string[]> {
    const res = await post(e);
    if (res.status !== 202) throw new Error(`${e.type} ${e.id}: ${res.status} ${JSON.stringify(res.body)}`);
    await reader.waitFor(() => !!ackOf(e.id), `the ack of ${e.id}`);
    const { recipients } = ackPayload(e.id);
    await reader.waitFor(() => recipients.every((p) => deliveredTo(p, e.id)), `deliveries of ${e.id}`);
    return recipients;
  }

  const inboxIds = async (p: string) => {
    const res = await call(
      x,
      'GET',
      `/v1/inbox?limit=500&consignmentRef=${encodeURIComponent(ref)}`,
      keys[p],
    );
    return (res.body.items as { message: { id: string } }[]).map((i) => i.message.id);
  };

  /** The message reached `p` on all four channels, Kafka with the CloudEvents header `header`. */
  async function expectOnEveryChannel(p: string, id: string, header: Record<string, string>) {
    expect(deliveredTo(p, id)!.headers).toMatchObject(header);
    await waitFor(async () => (await inboxIds(p)).includes(id), { what: `${id} in ${p}'s inbox` });
    await waitFor(() => streams.get(p)!.ids().includes(id), { what: `${id} on ${p}'s event stream` });
    await waitFor(() => hooks.get(p)!.taken().includes(id), { what: `${id} posted to ${p}'s webhook` });
  }

  const note = corpusMessage('consignment.note/valid-aktau-baku-bulk-ferry', true);
  note.consignmentRef = ref;
  const correction: Envelope = {
    ...structuredClone(note),
    id: randomUUID(),
    version: '1.2',
    supersedes: note.id,
  };
  const legs = (correction.payload as { legs: Record<string, string>[] }).legs;
  legs[0].from = 'KZKUR';
  legs[0].to = 'AZALT';
  const cancellation: Envelope = {
    id: randomUUID(),
    type: 'message.cancellation',
    version: '1.2',
    sender: note.sender,
    consignmentRef: ref,
    createdAt: new Date().toISOString(),
    payload: { cancels: correction.id, reason: 'The booking was withdrawn by the consignor.' },
  };
  const status = async (id: string) => (await call(x, 'GET', `/v1/messages/${id}`, keys[note.sender])).body;

  it('a correction reaches the old version’s recipients and the new one’s, on Kafka, inbox, event stream and webhooks', async () => {
    const before = await send(note);
    expect(before).toContain(OLD_ONLY);
    expect(before).not.toContain(NEW_ONLY);
    const after = await send(correction);
    expect(after).toEqual(expect.arrayContaining([...before, NEW_ONLY]));
    for (const p of WATCHED) await expectOnEveryChannel(p, correction.id, { ce_supersedes: note.id });

    expect(await status(note.id)).toMatchObject({ status: 'superseded', supersededBy: correction.id });
    expect(await status(correction.id)).toMatchObject({ status: 'routed', supersedes: note.id });
    // Parties come from the current version: the port of Aktau took part only in the first.
    const consignment = (await call(x, 'GET', `/v1/consignments/${encodeURIComponent(ref)}`, x.adminToken))
      .body;
    expect(consignment.parties).toContain(NEW_ONLY);
    expect(consignment.parties).not.toContain(OLD_ONLY);
  });

  it('a replayed correction answers 200 and is routed once', async () => {
    const replay = await post(correction);
    expect(replay.status).toBe(200);
    expect(reader.records.filter((r) => r.headers.ce_id === correction.id).length).toBe(
      ackPayload(correction.id).recipients.length,
    );
  });

  it('a cancellation reaches everyone who received the version it cancels, on every channel', async () => {
    const recipients = await send(cancellation);
    expect(recipients).toEqual(ackPayload(correction.id).recipients);
    for (const p of WATCHED) await expectOnEveryChannel(p, cancellation.id, { ce_cancels: correction.id });
    expect(await status(correction.id)).toMatchObject({ status: 'cancelled', cancelledBy: cancellation.id });
  });

  it('the timeline shows each version in order and marks the current one', async () => {
    const res = await call(x, 'GET', `/v1/consignments/${encodeURIComponent(ref)}`, x.adminToken);
    expect(res.status).toBe(200);
    expect(res.body.timeline).toEqual([
      expect.objectContaining({ id: note.id, current: false }),
      expect.objectContaining({ id: correction.id, supersedes: note.id, current: false }),
      expect.objectContaining({ id: cancellation.id, supersedes: correction.id, current: true }),
    ]);
  });

  describe('each rule refuses with its name (422)', () => {
    const refusal = async (e: Envelope) => {
      const res = await post(e);
      expect(res.status).toBe(422);
      return (res.body.errors as { path: string; rule: string; message: string }[]).map(({ path, rule }) => ({
        path,
        rule,
      }));
    };
    const cancelling = (id: string, sender = note.sender, consignmentRef = ref): Envelope => ({
      ...cancellation,
      id: randomUUID(),
      sender,
      consignmentRef,
      payload: { cancels: id, reason: 'Withdrawn.' },
    });
    const correcting = (original: Envelope, changes: Partial<Envelope> = {}): Envelope => ({
      ...structuredClone(original),
      id: randomUUID(),
      version: '1.2',
      supersedes: original.id,
      ...changes,
    });

    it('replaces.exists: decided by the router (the original may still be on its way), a rejected ack', async () => {
      const unknown = cancelling(randomUUID());
      expect((await post(unknown)).status).toBe(202);
      await reader.waitFor(() => !!ackOf(unknown.id), 'the ack of the cancellation');
      expect(ackPayload(unknown.id)).toMatchObject({
        outcome: 'rejected',
        errors: [expect.objectContaining({ path: '/payload/cancels', rule: 'replaces.exists' })],
      });
      expect(PARTICIPANTS.filter((p) => deliveredTo(p, unknown.id))).toEqual([]);
    });

    it('replaces.replaceable, replaces.sender, replaces.not-cancelled, replaces.latest', async () => {
      expect(await refusal(cancelling(ackIdFor(note.id)))).toEqual([
        { path: '/payload/cancels', rule: 'replaces.replaceable' },
      ]);
      expect(await refusal(cancelling(correction.id, 'KZ-PORT-AKTAU'))).toEqual([
        { path: '/payload/cancels', rule: 'replaces.sender' },
      ]);
      expect(await refusal(cancelling(correction.id))).toEqual([
        { path: '/payload/cancels', rule: 'replaces.not-cancelled' },
      ]);
      const latest = await post(correcting(note));
      expect(latest.body.errors).toEqual([
        expect.objectContaining({
          path: '/supersedes',
          rule: 'replaces.latest',
          message: expect.stringContaining(correction.id),
        }),
      ]);
    });

    it('replaces.same-consignment, replaces.same-type and schema.not (supersedes before 1.2)', async () => {
      const status = corpusMessage('transport.status/valid-handed-over-poti', true);
      status.consignmentRef = `GR-C-${randomUUID().slice(0, 8)}`;
      await send(status);
      const elsewhere = correcting(status, { consignmentRef: `${status.consignmentRef}-B` });
      expect(await refusal(elsewhere)).toEqual([
        { path: '/consignmentRef', rule: 'replaces.same-consignment' },
      ]);
      const asNote = {
        ...correcting(corpusMessage('consignment.note/valid-poti-baku-aktau-with-recipient')),
        sender: status.sender,
        consignmentRef: status.consignmentRef,
        supersedes: status.id,
      };
      expect(await refusal(asNote)).toEqual([{ path: '/type', rule: 'replaces.same-type' }]);
      expect(await refusal(correcting(status, { version: '1.0' }))).toEqual([
        { path: '/version', rule: 'schema.not' },
      ]);
    });

    it('replaces.routed: a message the exchange rejected cannot be corrected', async () => {
      const rejected = corpusMessage('transport.status/valid-handed-over-poti', true);
      rejected.consignmentRef = `GR-C-${randomUUID().slice(0, 8)}`;
      (rejected.payload as Record<string, unknown>).location = 'Poti';
      const inbound = `${x.topicPrefix}.inbound`;
      await producer.send({
        topic: inbound,
        messages: [{ key: rejected.consignmentRef, value: JSON.stringify(rejected) }],
      });
      await reader.waitFor(() => !!ackOf(rejected.id), 'the rejected ack');
      expect(ackPayload(rejected.id).outcome).toBe('rejected');
      expect(await refusal(cancelling(rejected.id, rejected.sender, rejected.consignmentRef))).toEqual([
        { path: '/payload/cancels', rule: 'replaces.routed' },
      ]);
    });

    it('replaces.undecided: a declaration customs decided on is neither corrected nor cancelled; a decision only by its issuer', async () => {
      const declaration = corpusMessage('customs.declaration/valid-transit-aktau-poti', true);
      declaration.consignmentRef = `KTZE-C-${randomUUID().slice(0, 8)}`;
      await send(declaration);
      // Before a decision, the declarant may correct it.
      const corrected = correcting(declaration);
      await send(corrected);
      expect(ackPayload(corrected.id).outcome).toBe('accepted');
      const decision = corpusMessage('customs.decision/valid-released-poti', true);
      decision.consignmentRef = declaration.consignmentRef;
      decision.correlationId = corrected.id;
      await send(decision);
      expect(await refusal(correcting(corrected))).toEqual([
        { path: '/supersedes', rule: 'replaces.undecided' },
      ]);
      expect(await refusal(cancelling(corrected.id, corrected.sender, corrected.consignmentRef))).toEqual([
        { path: '/payload/cancels', rule: 'replaces.undecided' },
      ]);
      const byOther = correcting(decision, { sender: 'KZ-CUSTOMS' });
      (byOther.payload as Record<string, unknown>).office = 'KZ550130';
      expect(await refusal(byOther)).toEqual([{ path: '/supersedes', rule: 'replaces.sender' }]);
      const byIssuer = correcting(decision);
      (byIssuer.payload as Record<string, unknown>).decision = 'held';
      await send(byIssuer);
      expect(ackPayload(byIssuer.id)).toMatchObject({
        outcome: 'accepted',
        recipients: expect.arrayContaining([declaration.sender]),
      });
      expect(deliveredTo(declaration.sender, byIssuer.id)!.headers.ce_supersedes).toBe(decision.id);
    });
  });

  it('a correction produced right behind its original to cx.inbound is routed after it (same key, same partition)', async () => {
    const status = corpusMessage('transport.status/valid-handed-over-poti', true);
    status.consignmentRef = `GR-C-${randomUUID().slice(0, 8)}`;
    const corrected = { ...status, id: randomUUID(), version: '1.2', supersedes: status.id };
    await producer.send({
      topic: `${x.topicPrefix}.inbound`,
      messages: [status, corrected].map((m) => ({ key: m.consignmentRef, value: JSON.stringify(m) })),
    });
    await reader.waitFor(() => !!ackOf(status.id) && !!ackOf(corrected.id), 'both acks');
    expect([ackPayload(status.id).outcome, ackPayload(corrected.id).outcome]).toEqual([
      'accepted',
      'accepted',
    ]);
    await reader.waitFor(() => !!deliveredTo('GE-CUSTOMS', corrected.id), 'the correction at GE-CUSTOMS');
    const order = reader.on(deliverTopic(x, 'GE-CUSTOMS')).map((r) => r.headers.ce_id);
    expect(order.indexOf(status.id)).toBeLessThan(order.indexOf(corrected.id));
  });

  it('the router decides between two corrections of one version that both passed the door: the second is refused', async () => {
    const status = corpusMessage('transport.status/valid-handed-over-poti', true);
    status.consignmentRef = `GR-C-${randomUUID().slice(0, 8)}`;
    await send(status);
    const first = { ...status, id: randomUUID(), version: '1.2', supersedes: status.id };
    const second = { ...status, id: randomUUID(), version: '1.2', supersedes: status.id };
    const batch = await call(x, 'POST', '/v1/messages/batch', keys[status.sender], [first, second]);
    expect((batch.body.results as { status: string }[]).map((r) => r.status)).toEqual([
      'accepted',
      'accepted',
    ]);
    await reader.waitFor(() => !!ackOf(first.id) && !!ackOf(second.id), 'both acks');
    expect(ackPayload(first.id).outcome).toBe('accepted');
    expect(ackPayload(second.id)).toMatchObject({
      outcome: 'rejected',
      errors: [expect.objectContaining({ path: '/supersedes', rule: 'replaces.latest' })],
    });
    expect(PARTICIPANTS.filter((p) => deliveredTo(p, second.id))).toEqual([]);
    expect((await call(x, 'GET', `/v1/messages/${status.id}`, keys[status.sender])).body).toMatchObject({
      status: 'superseded',
      supersededBy: first.id,
    });
  });
});
