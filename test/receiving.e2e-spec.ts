import { verifySignature } from '@cx/webhooks';
import { loadParticipants } from './fixtures/corpus';
import {
  ApiResponse,
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
import { ReadRecord, TopicReader } from './support/topic-reader';
import { waitFor } from './support/wait';
import { WebhookTarget } from './support/webhook-target';

const PARTICIPANTS = loadParticipants().map((p) => p.id);
/** Inactive participants' keys get 401: the fixtures hold one (TR-FORWARDER-ANADOLU). */
const ACTIVE = loadParticipants()
  .filter((p) => p.active)
  .map((p) => p.id);
const INACTIVE = PARTICIPANTS.filter((p) => !ACTIVE.includes(p));
const MAX_FAILURES = 4;

interface InboxItem {
  cursor: string;
  message: Envelope;
}

/**
 * Receiving without Kafka (contract section 7): the pull inbox, the event stream and webhooks each show a participant
 * exactly what routing gave it (what its Kafka delivery topic holds), once, in per-consignment order, and nothing of
 * anyone else's.
 */
describe('receiving: inbox, event stream and webhooks', () => {
  let db: TestDatabase;
  let x: Exchange;
  let keys: Record<string, string>;
  let reader: TopicReader;
  const targets: WebhookTarget[] = [];
  const streams: EventStreamReader[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    x = await Exchange.start(db, undefined, {
      CX_INBOX_POLL_MS: '50',
      CX_SSE_HEARTBEAT_MS: '300',
      CX_WEBHOOK_TIMEOUT_MS: '1000',
      CX_WEBHOOK_RETRY_BASE_MS: '50',
      CX_WEBHOOK_RETRY_MAX_MS: '200',
      CX_WEBHOOK_MAX_FAILURES: String(MAX_FAILURES),
    });
    keys = await registerCorridor(x);
    await waitUntilRoutable(x, keys);
    reader = await TopicReader.open(PARTICIPANTS.map((id) => deliverTopic(x, id)));
  });

  afterAll(async () => {
    for (const s of streams) s.close();
    await Promise.all(targets.map((t) => t.close()));
    await reader?.close();
    await x?.stop();
    await db?.drop();
  });

  const kafkaIds = (participant: string) =>
    reader.on(deliverTopic(x, participant)).map((r: ReadRecord) => r.headers.ce_id);

  const ackOf = (id: string) =>
    reader.records.find(
      (r) => r.headers.ce_type === 'ack' && (r.json.payload as { ackFor?: string }).ackFor === id,
    );

  /** Submits envelopes and waits until each one's ack is on Kafka: routing is done and recorded. */
  async function send(...envelopes: Envelope[]): Promise<void> {
    for (const e of envelopes) {
      const res = await call(x, 'POST', '/v1/messages', keys[e.sender], e);
      if (res.status !== 202) throw new Error(`${e.type} ${e.id}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    await reader.waitFor(() => envelopes.every((e) => ackOf(e.id)), `acks of ${envelopes.length} messages`);
    // The deliveries are on other topics than the ack, which the reader may fetch a moment later.
    const delivered = (e: Envelope) => {
      const recipients = ((ackOf(e.id)!.json.payload as { recipients?: string[] }).recipients ??
        []) as string[];
      return recipients.every((p) => kafkaIds(p).includes(e.id));
    };
    await reader.waitFor(() => envelopes.every(delivered), `deliveries of ${envelopes.length} messages`);
  }

  const fresh = (file: string) => corpusMessage(file, true);

  async function readInbox(key: string, limit = 500, query = ''): Promise<InboxItem[]> {
    const items: InboxItem[] = [];
    let after = '';
    for (;;) {
      const res = await call(x, 'GET', `/v1/inbox?limit=${limit}${after && `&after=${after}`}${query}`, key);
      expect(res.status).toBe(200);
      const page = res.body.items as InboxItem[];
      items.push(...page);
      after = res.body.next as string;
      if (page.length < limit) return items;
    }
  }

  const ids = (items: InboxItem[]) => items.map((i) => i.message.id);

  /** Messages grouped by consignment, each group in arrival order: what "per-consignment order" compares. */
  function byConsignment(list: Array<{ id: string; ref: string }>): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const m of list) (out[m.ref] ??= []).push(m.id);
    return out;
  }

  async function subscribe(participant: string, body: Record<string, unknown>): Promise<string> {
    const res = await call(x, 'POST', '/v1/subscriptions', keys[participant], body);
    expect([res.status, res.body]).toEqual([201, expect.objectContaining({ id: expect.any(String) })]);
    return res.body.id as string;
  }

  const subscription = async (participant: string, id: string) =>
    (await call(x, 'GET', `/v1/subscriptions/${id}`, keys[participant])).body;

  describe('the pull inbox', () => {
    beforeAll(async () => {
      await send(
        corpusMessage('consignment.note/valid-altynkol-aktau-alat-tbilisi-poti'),
        corpusMessage('transport.status/valid-loaded-aktau-ferry'),
        corpusMessage('cargo.manifest/valid-ferry-aktau-alat'),
        corpusMessage('customs.declaration/valid-transit-aktau-poti'),
      );
      // A decision refers to a declaration the exchange has accepted: that one first.
      await send(
        corpusMessage('customs.decision/valid-released-poti'),
        corpusMessage('consignment.note/valid-aktau-baku-bulk-ferry'),
        fresh('transport.status/valid-handed-over-poti'),
        fresh('transport.status/valid-discharged-alat'),
      );
    });

    it('shows every participant exactly its Kafka deliveries, acks included, in per-consignment order', async () => {
      for (const p of INACTIVE) expect((await call(x, 'GET', '/v1/inbox', keys[p])).status).toBe(401);
      for (const p of ACTIVE) {
        const items = await readInbox(keys[p]);
        expect(new Set(ids(items)).size).toBe(items.length);
        const fromKafka = reader.on(deliverTopic(x, p));
        expect(ids(items).sort()).toEqual(kafkaIds(p).sort());
        expect(
          byConsignment(items.map((i) => ({ id: i.message.id, ref: i.message.consignmentRef }))),
        ).toEqual(byConsignment(fromKafka.map((r) => ({ id: r.headers.ce_id, ref: r.key! }))));
        for (const item of items) {
          const onKafka = fromKafka.find((r) => r.headers.ce_id === item.message.id)!;
          expect(item.message).toEqual(JSON.parse(onKafka.value)); // the envelope as sent
        }
      }
      expect(ids(await readInbox(keys['GE-CUSTOMS'])).length).toBeGreaterThan(2);
    });

    it('pages cover everything exactly once, also while messages keep arriving', async () => {
      const receiver = 'GE-CUSTOMS';
      const paged: InboxItem[] = [];
      let after = '';
      let sending = true;
      const pager = (async () => {
        for (;;) {
          const res = await call(x, 'GET', `/v1/inbox?limit=3${after && `&after=${after}`}`, keys[receiver]);
          expect(res.status).toBe(200);
          paged.push(...(res.body.items as InboxItem[]));
          after = res.body.next as string;
          if (!sending && (res.body.items as InboxItem[]).length === 0) return;
        }
      })();
      const burst = Array.from({ length: 4 }, () =>
        Array.from({ length: 6 }, () => fresh('transport.status/valid-handed-over-poti')),
      );
      await Promise.all(
        burst.map(async (batch) => {
          const res = await call(x, 'POST', '/v1/messages/batch', keys['GE-RAIL-GR'], batch);
          expect(res.status).toBe(200);
        }),
      );
      await reader.waitFor(() => burst.flat().every((e) => ackOf(e.id)), 'acks of the burst');
      await reader.waitFor(
        () => burst.flat().every((e) => kafkaIds(receiver).includes(e.id)),
        'the burst on the delivery topic',
      );
      sending = false;
      await pager;
      expect(new Set(ids(paged)).size).toBe(paged.length);
      expect(ids(paged).sort()).toEqual(kafkaIds(receiver).sort());
      expect(ids(paged)).toEqual(ids(await readInbox(keys[receiver])));
    });

    it('filters by type and consignment', async () => {
      const all = await readInbox(keys['GE-CUSTOMS']);
      const statuses = await readInbox(keys['GE-CUSTOMS'], 500, '&types=transport.status');
      expect(ids(statuses)).toEqual(ids(all.filter((i) => i.message.type === 'transport.status')));
      const acks = await readInbox(
        keys['KZ-FORWARDER-KTZE'],
        500,
        '&types=ack&consignmentRef=KTZE-2026-004711',
      );
      expect(acks.length).toBeGreaterThan(0);
      expect(
        acks.every((i) => i.message.type === 'ack' && i.message.consignmentRef === 'KTZE-2026-004711'),
      ).toBe(true);
    });

    it.each([
      ['after=not-a-cursor', '/after'],
      ['after=MTA=', '/after'],
      ['limit=0', '/limit'],
      ['limit=501', '/limit'],
      ['limit=many', '/limit'],
      ['types=Not%20a%20type', '/types'],
    ])('refuses %s with a 422 naming the parameter', async (query, path) => {
      const res = await call(x, 'GET', `/v1/inbox?${query}`, keys['GE-CUSTOMS']);
      expect(res.status).toBe(422);
      expect(res.contentType).toMatch(/^application\/problem\+json/);
      expect((res.body.errors as Array<{ path: string }>).map((e) => e.path)).toEqual([path]);
    });

    it('is in the API reference', async () => {
      const doc = (await (await fetch(`${x.gatewayUrl}/docs/openapi.json`)).json()) as { paths: object };
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining([
          '/v1/inbox',
          '/v1/inbox/stream',
          '/v1/subscriptions',
          '/v1/subscriptions/{id}',
        ]),
      );
    });

    it('needs a participant’s key: 401 without, 403 for the admin token', async () => {
      expect((await call(x, 'GET', '/v1/inbox', undefined)).status).toBe(401);
      expect((await call(x, 'GET', '/v1/inbox', x.adminToken)).status).toBe(403);
    });
  });

  describe('message and consignment look-ups', () => {
    it('show a participant what was routed to it and 404 for what was not', async () => {
      const inboxes = new Map<string, Set<string>>();
      for (const p of ACTIVE) inboxes.set(p, new Set(ids(await readInbox(keys[p]))));
      const sample = [...new Set([...inboxes.values()].flatMap((s) => [...s]))].slice(0, 40);
      for (const id of sample) {
        for (const p of ACTIVE) {
          const res = await call(x, 'GET', `/v1/messages/${id}`, keys[p]);
          const sent = res.status === 200 && res.body.sender === p;
          expect([p, id, res.status === 200]).toEqual([p, id, inboxes.get(p)!.has(id) || sent]);
        }
      }
      const consignment = await call(x, 'GET', '/v1/consignments/KTZE-2026-004711', x.adminToken);
      const parties = consignment.body.parties as string[];
      for (const p of ACTIVE) {
        const res = await call(x, 'GET', '/v1/consignments/KTZE-2026-004711', keys[p]);
        expect([p, res.status]).toEqual([p, parties.includes(p) ? 200 : 404]);
      }
    });
  });

  describe('the event stream', () => {
    const url = (query = '') => `${x.gatewayUrl}/v1/inbox/stream${query}`;

    it('streams the inbox, resumes with Last-Event-ID without gap or duplicate, and keeps idle connections alive', async () => {
      const p = 'GE-CUSTOMS';
      const inbox = ids(await readInbox(keys[p]));
      const first = await EventStreamReader.open(url(), keys[p]);
      streams.push(first);
      expect(first.status).toBe(200);
      await first.waitForEvents(inbox.length, 'the inbox so far');
      await waitFor(() => first.comments >= 2, { what: 'heartbeats on an idle stream' });
      first.close();
      const lastId = first.events[first.events.length - 1].id;

      const more = [
        fresh('transport.status/valid-handed-over-poti'),
        fresh('transport.status/valid-handed-over-poti'),
      ];
      await send(...more);
      const resumed = await EventStreamReader.open(url(), keys[p], lastId);
      streams.push(resumed);
      const live = [fresh('transport.status/valid-handed-over-poti')];
      await resumed.waitForEvents(2, 'what arrived while disconnected');
      await send(...live);
      await resumed.waitForEvents(3, 'what arrives while connected');

      const seen = [...first.ids(), ...resumed.ids()];
      const now = ids(await readInbox(keys[p]));
      expect(seen).toEqual(now);
      expect(resumed.ids()).toEqual([...more, ...live].map((e) => e.id));
      const cursors = (await readInbox(keys[p])).map((i) => i.cursor);
      expect([...first.events, ...resumed.events].map((e) => e.id)).toEqual(cursors);
      resumed.close();
    });

    it('resumes from ?after= and filters by type', async () => {
      const p = 'KZ-FORWARDER-KTZE';
      const inbox = await readInbox(keys[p]);
      const acks = inbox.filter((i) => i.message.type === 'ack');
      const s = await EventStreamReader.open(url(`?types=ack&after=${acks[0].cursor}`), keys[p]);
      streams.push(s);
      await s.waitForEvents(acks.length - 1, 'acks after the first');
      expect(s.ids()).toEqual(ids(acks.slice(1)));
      s.close();
    });

    it('refuses a bad Last-Event-ID with a 422 naming it, and the admin token with 403', async () => {
      const bad = await call(x, 'GET', '/v1/inbox/stream', keys['GE-CUSTOMS'], undefined, {
        'last-event-id': 'garbage!',
      });
      expect(bad.status).toBe(422);
      expect((bad.body.errors as Array<{ path: string }>)[0].path).toBe('Last-Event-ID');
      expect((await call(x, 'GET', '/v1/inbox/stream', x.adminToken)).status).toBe(403);
    });
  });

  describe('webhooks', () => {
    const secret = 'a-webhook-secret-for-tests';

    it('posts each new delivery once, signed, to the subscriber alone; filters; survives a notifier restart', async () => {
      const target = await WebhookTarget.start();
      const filtered = await WebhookTarget.start();
      targets.push(target, filtered);
      const before = ids(await readInbox(keys['GE-CUSTOMS']));
      const id = await subscribe('GE-CUSTOMS', { url: target.url, secret });
      await subscribe('GE-CUSTOMS', { url: filtered.url, secret, types: ['customs.declaration'] });

      const statuses = [
        fresh('transport.status/valid-handed-over-poti'),
        fresh('transport.status/valid-handed-over-poti'),
      ];
      await send(...statuses);
      await waitFor(() => target.taken().length >= 2, { what: 'two webhook deliveries' });
      // Each success is recorded a moment after the endpoint took it: the crash comes between posts, not in one (a
      // post taken but not yet recorded is posted again after the crash, as it must be).
      await waitFor(async () => ((await subscription('GE-CUSTOMS', id)).attempts as unknown[]).length >= 2, {
        what: 'the delivery log to record both successes',
      });

      await x.kill('notifier');
      const whileDown = fresh('transport.status/valid-handed-over-poti');
      await send(whileDown);
      expect(target.taken()).not.toContain(whileDown.id);
      x.spawn('notifier');
      await x.waitReady();
      await waitFor(() => target.taken().includes(whileDown.id), { what: 'the delivery after the restart' });

      const after = ids(await readInbox(keys['GE-CUSTOMS']));
      const expected = after.filter((i) => !before.includes(i));
      expect(target.taken()).toEqual(expected);
      expect(target.received.every((r) => r.status === 200)).toBe(true);
      const now = Math.floor(Date.now() / 1000);
      for (const hook of target.received) {
        expect(verifySignature(secret, String(hook.headers['x-cx-signature']), hook.body, now)).toBe(true);
        expect(
          verifySignature('another-secret-entirely', String(hook.headers['x-cx-signature']), hook.body, now),
        ).toBe(false);
      }
      expect(filtered.received).toEqual([]);

      // The notifier records each success right after the 2xx: the log may be a moment behind the target.
      await waitFor(
        async () => ((await subscription('GE-CUSTOMS', id)).attempts as unknown[]).length === expected.length,
        { what: 'the delivery log to show every success' },
      );
      const view = await subscription('GE-CUSTOMS', id);
      expect(view).toMatchObject({ status: 'active', url: target.url, consecutiveFailures: 0 });
      expect(view.secret).toBeUndefined();
      expect((view.attempts as Array<{ succeeded: boolean }>).every((a) => a.succeeded)).toBe(true);
      // Another participant cannot see, change or delete it.
      for (const method of ['GET', 'DELETE']) {
        expect((await call(x, method, `/v1/subscriptions/${id}`, keys['KZ-CUSTOMS'])).status).toBe(404);
      }
      expect(
        (await call(x, 'PATCH', `/v1/subscriptions/${id}`, keys['KZ-CUSTOMS'], { active: false })).status,
      ).toBe(404);
      const list = await call(x, 'GET', '/v1/subscriptions', keys['KZ-CUSTOMS']);
      expect((list.body as unknown as unknown[]).length).toBe(0);
    });

    it('two notifiers post each delivery once and in order; a killed one’s subscriptions are taken over', async () => {
      await x.spawnSecond('notifier');
      const ge = await WebhookTarget.start();
      const az = await WebhookTarget.start();
      targets.push(ge, az);
      const geHook = await subscribe('GE-CUSTOMS', { url: ge.url, secret, types: ['transport.status'] });
      const azHook = await subscribe('AZ-CUSTOMS', { url: az.url, secret, types: ['transport.status'] });
      const sent = Array.from({ length: 8 }, () => [
        fresh('transport.status/valid-handed-over-poti'),
        fresh('transport.status/valid-discharged-alat'),
      ]).flat();
      await send(...sent);
      // Each target takes exactly its participant's inbox (the sent messages routed to it), in inbox order.
      const expected = async (participant: string, all: Envelope[]) => {
        const mine = new Set(all.map((m) => m.id));
        return ids(await readInbox(keys[participant])).filter((id) => mine.has(id));
      };
      const geFirst = await expected('GE-CUSTOMS', sent);
      const azFirst = await expected('AZ-CUSTOMS', sent);
      expect(geFirst.length).toBeGreaterThanOrEqual(8);
      expect(azFirst.length).toBeGreaterThanOrEqual(8);
      await waitFor(() => ge.taken().length >= geFirst.length && az.taken().length >= azFirst.length, {
        what: 'both targets to take their deliveries',
      });

      // Each success is recorded a moment after the endpoint took it: the crash comes between posts, not in one.
      const recorded = async (participant: string, id: string) =>
        ((await subscription(participant, id)).attempts as unknown[]).length;
      await waitFor(
        async () =>
          (await recorded('GE-CUSTOMS', geHook)) >= geFirst.length &&
          (await recorded('AZ-CUSTOMS', azHook)) >= azFirst.length,
        { what: 'the delivery logs to record every success' },
      );
      // A crash of the second (between posts): what it held waits for its lease to end, then goes out once.
      await x.killSecond('notifier', 'SIGKILL');
      const later = [
        fresh('transport.status/valid-handed-over-poti'),
        fresh('transport.status/valid-discharged-alat'),
      ];
      await send(...later);
      const geAll = await expected('GE-CUSTOMS', [...sent, ...later]);
      const azAll = await expected('AZ-CUSTOMS', [...sent, ...later]);
      await waitFor(() => ge.taken().length >= geAll.length && az.taken().length >= azAll.length, {
        what: 'the deliveries after the crash',
        timeoutMs: 60_000,
      });
      expect(ge.taken()).toEqual(geAll);
      expect(az.taken()).toEqual(azAll);
      expect([...ge.received, ...az.received].every((r) => r.status === 200)).toBe(true);
    });

    it('retries a failing endpoint (timeouts, 5xx) with backoff until it succeeds, each message taken once', async () => {
      // The first answer never comes (a timeout), the next two are 500s, then the endpoint recovers.
      const target = await WebhookTarget.start((_hook, i) => (i === 0 ? 0 : i < 3 ? 500 : 200));
      targets.push(target);
      const id = await subscribe('AZ-CUSTOMS', { url: target.url, secret, types: ['transport.status'] });
      const messages = [
        fresh('transport.status/valid-discharged-alat'),
        fresh('transport.status/valid-discharged-alat'),
      ];
      await send(...messages);
      await waitFor(() => target.taken().length >= 2, { what: 'both messages taken' });
      // A later message is posted only after the earlier ones settled: once it is taken, nothing earlier can come again.
      const marker = fresh('transport.status/valid-discharged-alat');
      await send(marker);
      await waitFor(() => target.taken().includes(marker.id), { what: 'the marker' });
      expect(target.taken()).toEqual([...messages, marker].map((m) => m.id));
      expect(target.received.map((r) => r.status)).toEqual([0, 500, 500, 200, 200, 200]);
      await waitFor(async () => ((await subscription('AZ-CUSTOMS', id)).attempts as unknown[]).length === 6, {
        what: 'the delivery log to record the last success',
      });
      const attempts = (await subscription('AZ-CUSTOMS', id)).attempts as Array<Record<string, unknown>>;
      expect(attempts.reverse().map((a) => [a.attempt, a.succeeded, a.statusCode ?? a.error])).toEqual([
        [1, false, expect.stringContaining('timed out')],
        [2, false, 500],
        [3, false, 500],
        [4, true, 200],
        [1, true, 200],
        [1, true, 200],
      ]);
    });

    it('pauses a subscription that keeps failing, and resumes it on request', async () => {
      const target = await WebhookTarget.start(() => 503);
      targets.push(target);
      const id = await subscribe('KZ-CUSTOMS', { url: target.url, secret, types: ['transport.status'] });
      const message = fresh('transport.status/valid-loaded-aktau-ferry');
      await send(message);
      await waitFor(async () => (await subscription('KZ-CUSTOMS', id)).status === 'paused', {
        what: 'the subscription to pause',
      });
      const paused = await subscription('KZ-CUSTOMS', id);
      expect(paused.pausedReason).toMatch(/4 consecutive failures/);
      expect((paused.attempts as Array<{ statusCode: number }>).map((a) => a.statusCode)).toEqual([
        503, 503, 503, 503,
      ]);
      expect(target.received).toHaveLength(MAX_FAILURES);

      target.answer = () => 204;
      const resumed = await call(x, 'PATCH', `/v1/subscriptions/${id}`, keys['KZ-CUSTOMS'], { active: true });
      expect([resumed.status, resumed.body.status]).toEqual([200, 'active']);
      await waitFor(() => target.taken().includes(message.id), { what: 'the delivery after resuming' });
      expect(target.taken()).toEqual([message.id]);

      expect((await call(x, 'DELETE', `/v1/subscriptions/${id}`, keys['KZ-CUSTOMS'])).status).toBe(204);
      expect((await call(x, 'GET', `/v1/subscriptions/${id}`, keys['KZ-CUSTOMS'])).status).toBe(404);
    });

    it.each([
      ['ftp', { url: 'ftp://127.0.0.1/in' }, '/url'],
      ['credentials in the URL', { url: 'http://user:pw@127.0.0.1:9/in' }, '/url'],
      ['an overlong URL', { url: `http://127.0.0.1:9/${'a'.repeat(3000)}` }, '/url'],
      ['not a URL', { url: 'hooks' }, '/url'],
      ['a short secret', { url: 'http://127.0.0.1:9/in', secret: 'short' }, '/secret'],
      ['a bad type filter', { url: 'http://127.0.0.1:9/in', types: 'ack' }, '/types'],
    ])('refuses %s with 422', async (_name, body, path) => {
      const res: ApiResponse = await call(x, 'POST', '/v1/subscriptions', keys['GE-CUSTOMS'], {
        secret,
        ...body,
      });
      expect(res.status).toBe(422);
      expect(res.contentType).toMatch(/^application\/problem\+json/);
      expect((res.body.errors as Array<{ path: string }>).map((e) => e.path)).toEqual([path]);
    });
  });

  describe('keys', () => {
    it('a rotated key sees the same inbox; a revoked or deactivated participant’s key gets 401, and its open stream ends', async () => {
      const p = 'KZ-CUSTOMS';
      const before = ids(await readInbox(keys[p]));
      const rotated = await call(x, 'POST', `/v1/admin/participants/${p}/keys`, x.adminToken);
      expect(rotated.status).toBe(201);
      expect(ids(await readInbox(rotated.body.apiKey as string))).toEqual(before);
      const open = await EventStreamReader.open(
        `${x.gatewayUrl}/v1/inbox/stream`,
        rotated.body.apiKey as string,
      );
      streams.push(open);
      expect(open.status).toBe(200);
      const revoke = await call(
        x,
        'DELETE',
        `/v1/admin/participants/${p}/keys/${rotated.body.keyId as string}`,
        x.adminToken,
      );
      expect(revoke.status).toBe(204);
      expect((await call(x, 'GET', '/v1/inbox', rotated.body.apiKey as string)).status).toBe(401);
      // A stream opened with the key before it was revoked does not outlive it.
      await waitFor(() => !open.open, { what: 'the stream of the revoked key to be cut off' });
      expect(ids(await readInbox(keys[p]))).toEqual(before);

      const q = 'TR-CUSTOMS';
      expect((await call(x, 'GET', '/v1/inbox', keys[q])).status).toBe(200);
      const patched = await call(x, 'PATCH', `/v1/admin/participants/${q}`, x.adminToken, { active: false });
      expect(patched.status).toBe(200);
      await waitFor(async () => (await call(x, 'GET', '/v1/inbox', keys[q])).status === 401, {
        what: 'the deactivated participant’s key to be refused',
      });
      const stream = await EventStreamReader.open(`${x.gatewayUrl}/v1/inbox/stream`, keys[q]);
      expect(stream.status).toBe(401);
      expect((await call(x, 'GET', '/v1/subscriptions', keys[q])).status).toBe(401);
    });
  });
});
