import { randomUUID } from 'node:crypto';
import { Partitioners, Producer } from 'kafkajs';
import { ackIdFor } from '@cx/contracts';
import { call, corpusMessage, Envelope, registerCorridor } from '../support/corridor';
import { createTestDatabase, TestDatabase } from '../support/database';
import { Exchange } from '../support/exchange';
import { testKafka } from '../support/kafka-client';
import { waitFor } from '../support/wait';
import { WebhookTarget } from '../support/webhook-target';

interface InboxItem {
  cursor: string;
  message: Envelope & { payload: Record<string, unknown> };
}

type Ack = Envelope & { payload: { ackFor: string; outcome: string; errors: Array<{ rule: string }> } };

const FERRY_NOTE = 'consignment.note/valid-aktau-baku-bulk-ferry';
const fresh = (file: string, changes: Partial<Envelope> = {}): Envelope => ({
  ...corpusMessage(file, true),
  ...changes,
});
const ref = (what: string) => `SEC-${what}-${randomUUID().slice(0, 8)}`;

/**
 * What one participant sends never changes what another sent or sees: a message id (and the ack id derived from it)
 * belongs to its first writer, on HTTP and on cx.inbound; a consignment to the sender of the note that opened it;
 * and one participant's dead webhook endpoints do not hold back another's deliveries.
 */
describe('security: messages, acks and consignments keep their owners', () => {
  let db: TestDatabase;
  let x: Exchange;
  let keys: Record<string, string>;
  let producer: Producer;
  const targets: WebhookTarget[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    x = await Exchange.start(db, undefined, { CX_INBOX_POLL_MS: '50', CX_WEBHOOK_TIMEOUT_MS: '60000' });
    keys = await registerCorridor(x);
    // The exchange's own door (cx.inbound, the super user's): two notes in one batch there are judged together.
    producer = testKafka('security-test').producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
  });

  afterAll(async () => {
    // Hanging endpoints first: the notifier waits for its posts in flight before it stops.
    await Promise.all(targets.map((t) => t.close()));
    await producer?.disconnect();
    await x?.stop();
    await db?.drop();
  });

  async function inbox(participant: string): Promise<InboxItem[]> {
    const items: InboxItem[] = [];
    let after = '';
    for (;;) {
      const page = await call(
        x,
        'GET',
        `/v1/inbox?limit=500${after ? `&after=${after}` : ''}`,
        keys[participant],
      );
      const got = page.body.items as InboxItem[];
      items.push(...got);
      if (got.length < 500) return items;
      after = page.body.next as string;
    }
  }

  async function ackTo(participant: string, messageId: string, outcome?: string): Promise<Ack> {
    let ack: Ack | undefined;
    await waitFor(
      async () => {
        ack = (await inbox(participant))
          .map((i) => i.message as Ack)
          .find(
            (m) =>
              m.type === 'ack' &&
              m.payload.ackFor === messageId &&
              (!outcome || m.payload.outcome === outcome),
          );
        return ack !== undefined;
      },
      { what: `${participant}'s ack for ${messageId}` },
    );
    return ack!;
  }

  async function sendRouted(e: Envelope): Promise<void> {
    const res = await call(x, 'POST', '/v1/messages', keys[e.sender], e);
    if (res.status !== 202) throw new Error(`${e.id}: ${res.status} ${JSON.stringify(res.body)}`);
    await ackTo(e.sender, e.id, 'accepted');
  }

  // On the exchange's own cx.inbound, where a record's sender is believed (participants' own inbound topics add the
  // sender.is-producer check, test/kafka-security.e2e-spec.ts): what is judged after that is the same. Issuing
  // participants' Kafka credentials here would change passwords other test files running at once rely on.
  const produce = (e: Envelope) =>
    producer.send({
      topic: `${x.topicPrefix}.inbound`,
      messages: [{ key: 'k', value: JSON.stringify(e) }],
    });

  const rules = (ack: Ack) => ack.payload.errors.map((e) => e.rule);

  describe('a message id belongs to its first writer', () => {
    const A = 'AZ-CARRIER-ASCO';
    const B = 'AZ-PORT-BAKU';
    const C = 'TR-RAIL-TCDD';
    let note: Envelope;

    beforeAll(async () => {
      note = fresh(FERRY_NOTE, { consignmentRef: ref('ID') });
      await sendRouted(note);
    });

    async function unchanged(): Promise<void> {
      const own = await call(x, 'GET', `/v1/messages/${note.id}`, keys[A]);
      expect([own.status, own.body.sender, own.body.status]).toEqual([200, A, 'routed']);
      expect((await call(x, 'GET', `/v1/messages/${note.id}`, keys[C])).status).toBe(404);
      const delivered = (await inbox(B)).filter((i) => i.message.id === note.id);
      expect(delivered.map((i) => i.message)).toEqual([note]);
      expect((await inbox(C)).filter((i) => i.message.id === note.id)).toEqual([]);
      const acks = (await inbox(A)).filter((i) => i.message.type === 'ack').map((i) => i.message as Ack);
      expect(acks.filter((a) => a.payload.ackFor === note.id).map((a) => [a.id, a.payload.outcome])).toEqual([
        [ackIdFor(note.id), 'accepted'],
      ]);
    }

    it('refuses an invalid envelope on cx.inbound that reuses a stored id, and leaves the stored one as it was', async () => {
      await produce({ ...note, sender: C, payload: { documentNumber: 'X' } });
      const ack = await ackTo(C, note.id);
      expect(ack.payload.outcome).toBe('rejected');
      expect(rules(ack)).toContain('id.unique');
      expect(ack.id).not.toBe(ackIdFor(note.id));
      await unchanged();
    });

    it('refuses a valid envelope on cx.inbound that reuses a stored id, and keeps the first message’s ack', async () => {
      const status = fresh('transport.status/valid-gate-out-kars-road', {
        id: note.id,
        consignmentRef: ref('ID2'),
      });
      await produce(status);
      await waitFor(
        async () =>
          (await inbox(C)).some(
            (i) => (i.message as Ack).payload?.ackFor === note.id && rules(i.message as Ack).length === 1,
          ),
        { what: 'the id.unique ack of the valid envelope' },
      );
      await unchanged();
    });

    it('refuses a message whose id is another message’s ack id, on HTTP and on cx.inbound', async () => {
      const status = fresh('transport.status/valid-gate-out-kars-road', { id: ackIdFor(note.id) });
      const http = await call(x, 'POST', '/v1/messages', keys[C], status);
      expect(http.status).toBe(409);
      await produce({ ...status, consignmentRef: ref('ACK') });
      const ack = await ackTo(C, ackIdFor(note.id));
      expect([ack.payload.outcome, rules(ack)]).toEqual(['rejected', ['id.unique']]);
      await unchanged();
    });
  });

  it('gives a message its own ack even when another message took the derived ack id first', async () => {
    const A = 'AZ-CARRIER-ASCO';
    const C = 'TR-RAIL-TCDD';
    // Ids chosen by a formula (a business key, say) can be foreseen: C takes the ack id of A's next message.
    const note = fresh(FERRY_NOTE, { consignmentRef: ref('PRE') });
    const squatter = fresh('transport.status/valid-gate-out-kars-road', {
      id: ackIdFor(note.id),
      consignmentRef: ref('PRE'),
      recipients: ['GE-CUSTOMS'],
    });
    await sendRouted(squatter);
    await sendRouted(note);
    const ack = await ackTo(A, note.id, 'accepted');
    expect(ack.id).not.toBe(squatter.id);
    expect((await inbox(A)).map((i) => i.message.id)).not.toContain(squatter.id);
    const kept = (await inbox('GE-CUSTOMS')).filter((i) => i.message.id === squatter.id);
    expect(kept.map((i) => i.message)).toEqual([squatter]);
    const view = await call(x, 'GET', `/v1/messages/${squatter.id}`, keys[C]);
    expect([view.status, view.body.sender, view.body.type]).toEqual([200, C, 'transport.status']);
  });

  describe('a consignment belongs to the sender of the note that opened it', () => {
    const owner = 'AZ-CARRIER-ASCO';
    const stranger = 'GE-PORT-POTI';
    const consignmentRef = ref('OWN');

    beforeAll(async () => {
      await sendRouted(fresh(FERRY_NOTE, { consignmentRef }));
    });

    it('refuses another participant’s note under the ref, on HTTP and on cx.inbound, and makes it no party', async () => {
      const foreign = fresh(FERRY_NOTE, { consignmentRef, sender: stranger });
      const http = await call(x, 'POST', '/v1/messages', keys[stranger], foreign);
      expect(http.status).toBe(422);
      expect(http.body.errors).toEqual([
        expect.objectContaining({ path: '/consignmentRef', rule: 'consignment.owner' }),
      ]);

      const viaKafka = fresh(FERRY_NOTE, { consignmentRef, sender: stranger });
      await produce(viaKafka);
      expect(rules(await ackTo(stranger, viaKafka.id, 'rejected'))).toEqual(['consignment.owner']);

      expect((await call(x, 'GET', `/v1/consignments/${consignmentRef}`, keys[stranger])).status).toBe(404);
      const seen = await call(x, 'GET', `/v1/consignments/${consignmentRef}`, keys[owner]);
      expect(seen.status).toBe(200);
      expect(seen.body.parties).not.toContain(stranger);
    });

    it('lets only the first of two notes under a new ref open it, when both were judged before either was routed', async () => {
      const newRef = ref('RACE');
      const first = fresh(FERRY_NOTE, { consignmentRef: newRef });
      const second = fresh(FERRY_NOTE, { consignmentRef: newRef, sender: stranger });
      await producer.send({
        topic: `${x.topicPrefix}.inbound`,
        messages: [first, second].map((e) => ({ key: newRef, value: JSON.stringify(e) })),
      });
      expect((await ackTo(owner, first.id)).payload.outcome).toBe('accepted');
      expect(rules(await ackTo(stranger, second.id, 'rejected'))).toEqual(['consignment.owner']);
      const view = await call(x, 'GET', `/v1/messages/${second.id}`, keys[stranger]);
      expect([view.body.status, view.body.errors]).toEqual([
        'rejected',
        [expect.objectContaining({ rule: 'consignment.owner' })],
      ]);
      expect((await call(x, 'GET', `/v1/consignments/${newRef}`, keys[stranger])).status).toBe(404);
    });

    it('does not route the consignment’s later messages to the stranger', async () => {
      const status = fresh('transport.status/valid-loaded-aktau-ferry', { consignmentRef });
      await sendRouted(status);
      expect((await inbox('AZ-PORT-BAKU')).map((i) => i.message.id)).toContain(status.id);
      expect((await inbox(stranger)).map((i) => i.message.id)).not.toContain(status.id);
    });
  });

  describe('contract details', () => {
    it('lists a schema violation and a rule violation of one message together', async () => {
      const note = fresh('consignment.note/valid-altynkol-aktau-alat-tbilisi-poti', {
        consignmentRef: ref('ALL'),
      });
      const payload = structuredClone(note.payload) as {
        goods: Array<{ hsCode: string }>;
        equipment: Array<{ containerNumber: string }>;
      };
      payload.goods[0].hsCode = '8471.30';
      payload.equipment[0].containerNumber = 'KTZU4015270';
      const res = await call(x, 'POST', '/v1/messages', keys[note.sender], { ...note, payload });
      expect(res.status).toBe(422);
      const found = (res.body.errors as Array<{ rule: string; path: string }>).map(
        (e) => `${e.rule} ${e.path}`,
      );
      expect(found).toEqual(
        expect.arrayContaining([
          'schema.pattern /payload/goods/0/hsCode',
          'iso6346.check-digit /payload/equipment/0/containerNumber',
        ]),
      );
    });

    it('refuses a types filter naming a type that does not exist', async () => {
      const key = keys['GE-CUSTOMS'];
      const inboxRes = await call(x, 'GET', '/v1/inbox?types=consignment.notes', key);
      expect([inboxRes.status, inboxRes.body.errors]).toEqual([
        422,
        [expect.objectContaining({ path: '/types' })],
      ]);
      const sub = await call(x, 'POST', '/v1/subscriptions', key, {
        url: 'http://127.0.0.1:9/hooks',
        secret: 'a-secret-of-enough-length',
        types: ['consignment.notes'],
      });
      expect([sub.status, sub.body.errors]).toEqual([422, [expect.objectContaining({ path: '/types' })]]);
    });

    it('does not make an inactive participant a party, so reactivated it cannot read the consignment', async () => {
      const port = 'KZ-PORT-KURYK';
      const consignmentRef = ref('INACTIVE');
      const patch = (active: boolean) =>
        call(x, 'PATCH', `/v1/admin/participants/${port}`, x.adminToken, { active });
      expect((await patch(false)).status).toBe(200);
      await sendRouted(
        fresh('consignment.note/valid-dostyk-kuryk-alat-akhalkalaki-kars', { consignmentRef }),
      );
      const seen = await call(x, 'GET', `/v1/consignments/${consignmentRef}`, x.adminToken);
      expect(seen.body.parties).toEqual(expect.arrayContaining(['KZ-RAIL-KTZ', 'AZ-CARRIER-ASCO']));
      expect(seen.body.parties).not.toContain(port);
      expect((await patch(true)).status).toBe(200);
      await waitFor(async () => (await call(x, 'GET', '/v1/inbox?limit=1', keys[port])).status === 200, {
        what: `${port}'s key to work again`,
      });
      expect((await call(x, 'GET', `/v1/consignments/${consignmentRef}`, keys[port])).status).toBe(404);
    });
  });

  describe('webhooks', () => {
    it('bounds one participant’s subscriptions and share, so its hanging endpoints do not hold back another’s', async () => {
      const hanging = await WebhookTarget.start(() => 0);
      const good = await WebhookTarget.start();
      targets.push(hanging, good);
      const secret = 'a-secret-of-enough-length';
      // All at once: the limit holds against concurrent creations too (a count, then an insert).
      const answers = await Promise.all(
        Array.from({ length: 40 }, () =>
          call(x, 'POST', '/v1/subscriptions', keys['GE-CUSTOMS'], { url: hanging.url, secret }),
        ),
      );
      const created = answers.map((res) => res.status);
      for (const res of answers.filter((a) => a.status === 422))
        expect(res.body.errors).toEqual([expect.objectContaining({ rule: 'subscription.limit' })]);
      expect((await call(x, 'GET', '/v1/subscriptions', keys['GE-CUSTOMS'])).body).toHaveLength(10);
      expect(created.filter((s) => s === 201)).toHaveLength(10);
      expect(created.filter((s) => s === 422)).toHaveLength(30);
      const other = await call(x, 'POST', '/v1/subscriptions', keys['AZ-CUSTOMS'], { url: good.url, secret });
      expect(other.status).toBe(201);

      const status = fresh('transport.status/valid-gate-out-kars-road', {
        consignmentRef: ref('HOOK'),
        recipients: ['GE-CUSTOMS', 'AZ-CUSTOMS'],
      });
      await sendRouted(status);
      await waitFor(() => hanging.received.length > 0, { what: 'the hanging endpoint to be called' });
      // Every post to the hanging endpoint is still open (the timeout is a minute): the other participant's is not
      // behind them.
      await waitFor(() => good.taken().includes(status.id), { what: 'AZ-CUSTOMS’ webhook delivery' });
      expect(hanging.received.length).toBeLessThanOrEqual(4);
    });
  });
});
