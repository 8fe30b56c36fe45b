import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { Settings } from '@cx/config';
import { CachedParticipantDirectory } from '@cx/participants';
import { InboxItem, InboxStore, SubscriptionEntity, SubscriptionStore } from '@cx/persistence';
import { SIGNATURE_HEADER, verifySignature } from '@cx/webhooks';
import { WebhookSender } from './webhook-sender';

/** The subscriptions table, in memory: the same transitions as SubscriptionStore's queries. */
class FakeSubscriptions {
  readonly rows = new Map<string, SubscriptionEntity>();

  add(id: string, participantId: string, url: string): SubscriptionEntity {
    const row = {
      id,
      participantId,
      url,
      secret: `secret-of-${id}-long-enough`,
      types: null,
      consignmentRef: null,
      status: 'active',
      cursor: 0,
      consecutiveFailures: 0,
      nextAttemptAt: null,
      pausedReason: null,
      createdAt: new Date(0).toISOString(),
      updatedAt: new Date(0).toISOString(),
    } as SubscriptionEntity;
    this.rows.set(id, row);
    return row;
  }
  async due(now: Date) {
    return [...this.rows.values()]
      .filter((s) => s.status === 'active' && (!s.nextAttemptAt || new Date(s.nextAttemptAt) <= now))
      .map((s) => ({ ...s }));
  }
  async findById(id: string) {
    const s = this.rows.get(id);
    return s && { ...s };
  }
  async advance(id: string, seq: number, _attempt: unknown, now: Date) {
    const s = this.rows.get(id)!;
    if (s.status === 'active' && s.cursor < seq)
      Object.assign(s, {
        cursor: seq,
        consecutiveFailures: 0,
        nextAttemptAt: null,
        updatedAt: now.toISOString(),
      });
  }
  async lease(id: string, owner: string, now: Date, until: Date) {
    const s = this.rows.get(id)!;
    const free = !s.leaseOwner || s.leaseOwner === owner || s.leaseUntil! < now.toISOString();
    if (free) Object.assign(s, { leaseOwner: owner, leaseUntil: until.toISOString() });
    return free;
  }
  async releaseLeases(owner: string) {
    for (const s of this.rows.values())
      if (s.leaseOwner === owner) Object.assign(s, { leaseOwner: null, leaseUntil: null });
  }
  async failed(id: string, _attempt: unknown, next: { retryAt: Date } | { pausedReason: string }, now: Date) {
    const s = this.rows.get(id)!;
    if (s.status !== 'active') return;
    s.consecutiveFailures += 1;
    s.updatedAt = now.toISOString();
    if ('retryAt' in next) s.nextAttemptAt = next.retryAt.toISOString();
    else Object.assign(s, { status: 'paused', pausedReason: next.pausedReason });
  }
}

/** The deliveries table, in memory: each participant's inbox in seq order. */
class FakeInbox {
  readonly items: Array<InboxItem & { participantId: string }> = [];

  deliver(participantId: string, messageId: string) {
    const seq = this.items.length + 1;
    this.items.push({
      participantId,
      seq,
      messageId,
      jws: messageId === 'm1' ? 'h..s' : null,
      receipt: `r.${messageId}.s`,
      interchange: null,
      type: 'transport.status',
      consignmentRef: 'C1',
      envelope: `{"id":"${messageId}"}`,
    });
  }
  async page(participantId: string, afterSeq: number, limit: number) {
    return this.items.filter((i) => i.participantId === participantId && i.seq > afterSeq).slice(0, limit);
  }
  async globalLastSeq() {
    return this.items.length;
  }
  async advancedSince(afterSeq: number) {
    return new Map(this.items.filter((i) => i.seq > afterSeq).map((i) => [i.participantId, i.seq]));
  }
}

/** A participant's webhook endpoint: records what it was sent, answers with `status`. */
class Endpoint {
  readonly received: Array<{ messageId: string; attempt: string; signed: boolean }> = [];
  /** The X-CX-JWS and X-CX-Receipt headers of each message's last post. */
  readonly signatures = new Map<string, { jws?: string; receipt?: string }>();
  status = 200;
  private server!: Server;

  async start(secretOf: (messageId: string) => string): Promise<string> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        const messageId = String(req.headers['x-cx-message-id']);
        const signature = String(req.headers[SIGNATURE_HEADER.toLowerCase()]);
        const signed = verifySignature(secretOf(messageId), signature, body, Math.floor(Date.now() / 1000));
        this.received.push({ messageId, attempt: String(req.headers['x-cx-attempt']), signed });
        const header = (name: string) => req.headers[name] as string | undefined;
        this.signatures.set(messageId, { jws: header('x-cx-jws'), receipt: header('x-cx-receipt') });
        res.writeHead(this.status).end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }
  stop() {
    return new Promise((resolve) => this.server.close(resolve));
  }
}

/** Which participant a test delivery is for: GE-CUSTOMS' ids start with g. */
const ownerOf = (messageId: string) => (messageId.startsWith('g') ? 'GE-CUSTOMS' : 'AZ-CUSTOMS');

async function until(fact: () => boolean, what: string) {
  for (let i = 0; i < 500 && !fact(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!fact()) throw new Error(`timed out waiting until ${what}`);
}

describe('WebhookSender', () => {
  const settings = {
    receiving: { retryBaseMs: 20, retryMaxMs: 40, maxFailures: 3, pollMs: 10, webhookTimeoutMs: 2000 },
  } as Settings;
  let subscriptions: FakeSubscriptions;
  let inbox: FakeInbox;
  let active: Map<string, boolean>;
  let endpoint: Endpoint;
  let url: string;
  let sender: WebhookSender;

  beforeAll(() => jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined));
  beforeEach(async () => {
    subscriptions = new FakeSubscriptions();
    inbox = new FakeInbox();
    active = new Map([
      ['AZ-CUSTOMS', true],
      ['GE-CUSTOMS', true],
    ]);
    endpoint = new Endpoint();
    url = await endpoint.start(
      (messageId) =>
        [...subscriptions.rows.values()].find((s) => s.participantId === ownerOf(messageId))!.secret,
    );
    const participants = { get: (id: string) => ({ active: active.get(id) ?? false }) };
    sender = new WebhookSender(
      settings,
      subscriptions as unknown as SubscriptionStore,
      inbox as unknown as InboxStore,
      participants as unknown as CachedParticipantDirectory,
    );
  });
  afterEach(async () => {
    await sender.beforeApplicationShutdown();
    await endpoint.stop();
  });

  it("posts a participant's deliveries in order, signed, and moves the cursor past each one taken", async () => {
    subscriptions.add('s1', 'AZ-CUSTOMS', url);
    for (const id of ['m1', 'm2', 'm3']) inbox.deliver('AZ-CUSTOMS', id);
    inbox.deliver('GE-CUSTOMS', 'not-for-az');
    sender.onApplicationBootstrap();
    await until(() => subscriptions.rows.get('s1')!.cursor === 3, 'the cursor passed m3');
    inbox.deliver('AZ-CUSTOMS', 'm4');
    // The cursor moves once the endpoint's answer is in, a moment after the endpoint saw the post.
    await until(() => subscriptions.rows.get('s1')!.cursor === 5, 'the cursor passed m4');
    expect(endpoint.received).toEqual(
      ['m1', 'm2', 'm3', 'm4'].map((messageId) => ({ messageId, attempt: '1', signed: true })),
    );
    expect(endpoint.signatures.get('m1')).toEqual({ jws: 'h..s', receipt: 'r.m1.s' });
    expect(endpoint.signatures.get('m2')).toEqual({ jws: undefined, receipt: 'r.m2.s' });
    // The cursor moves once the 2xx is recorded, a moment after the endpoint has the post.
    await until(() => subscriptions.rows.get('s1')!.cursor === 5, 'the cursor passed m4');
  });

  it('retries a refused delivery with the attempt counted, then pauses after maxFailures', async () => {
    subscriptions.add('s1', 'AZ-CUSTOMS', url);
    inbox.deliver('AZ-CUSTOMS', 'm1');
    endpoint.status = 503;
    sender.onApplicationBootstrap();
    await until(() => subscriptions.rows.get('s1')!.status === 'paused', 'the subscription paused');
    expect(endpoint.received.map((r) => r.attempt)).toEqual(['1', '2', '3']);
    expect(subscriptions.rows.get('s1')).toMatchObject({
      cursor: 0,
      consecutiveFailures: 3,
      pausedReason: '3 consecutive failures; last: HTTP 503',
    });
  });

  it('resumes at the refused delivery once the endpoint takes it, repeating none it took', async () => {
    subscriptions.add('s1', 'AZ-CUSTOMS', url);
    inbox.deliver('AZ-CUSTOMS', 'm1');
    inbox.deliver('AZ-CUSTOMS', 'm2');
    endpoint.status = 500;
    sender.onApplicationBootstrap();
    await until(() => endpoint.received.length === 1, 'm1 was refused once');
    endpoint.status = 204;
    await until(() => subscriptions.rows.get('s1')!.cursor === 2, 'both were taken');
    expect(endpoint.received.map((r) => `${r.messageId}#${r.attempt}`)).toEqual(['m1#1', 'm1#2', 'm2#1']);
  });

  it('posts nothing to a deactivated participant while serving others, and its backlog once it is active again', async () => {
    subscriptions.add('s1', 'AZ-CUSTOMS', url);
    inbox.deliver('AZ-CUSTOMS', 'm1');
    active.set('AZ-CUSTOMS', false);
    sender.onApplicationBootstrap();
    inbox.deliver('GE-CUSTOMS', 'g1');
    subscriptions.add('s2', 'GE-CUSTOMS', url);
    await until(() => subscriptions.rows.get('s2')!.cursor === 2, "GE-CUSTOMS's delivery was taken");
    expect(endpoint.received.map((r) => r.messageId)).toEqual(['g1']);
    // Reactivated: its backlog goes out at once, before anything new arrives for it.
    active.set('AZ-CUSTOMS', true);
    await until(() => subscriptions.rows.get('s1')!.cursor === 1, 'the backlog was taken');
    expect(endpoint.received.map((r) => r.messageId)).toEqual(['g1', 'm1']);
  });

  describe('with two notifiers', () => {
    let other: WebhookSender;
    const participants = { get: () => ({ active: true }) };
    beforeEach(() => {
      other = new WebhookSender(
        settings,
        subscriptions as unknown as SubscriptionStore,
        inbox as unknown as InboxStore,
        participants as unknown as CachedParticipantDirectory,
      );
    });
    afterEach(() => other.beforeApplicationShutdown());

    it('posts each delivery once, in order, and the other takes over at once when one stops', async () => {
      subscriptions.add('s1', 'AZ-CUSTOMS', url);
      subscriptions.add('s2', 'GE-CUSTOMS', url);
      const az = Array.from({ length: 30 }, (_, i) => `m${i}`);
      const ge = Array.from({ length: 30 }, (_, i) => `g${i}`);
      for (let i = 0; i < 30; i++) {
        inbox.deliver('AZ-CUSTOMS', az[i]);
        inbox.deliver('GE-CUSTOMS', ge[i]);
      }
      sender.onApplicationBootstrap();
      other.onApplicationBootstrap();
      await until(() => endpoint.received.length >= 20, 'some deliveries were posted');
      // One stops (its leases given up); the other goes on with what is left.
      await sender.beforeApplicationShutdown();
      for (const id of ['m30', 'g30']) inbox.deliver(id.startsWith('g') ? 'GE-CUSTOMS' : 'AZ-CUSTOMS', id);
      az.push('m30');
      ge.push('g30');
      await until(() => endpoint.received.length >= 62, 'every delivery was posted');
      const posted = endpoint.received.map((r) => r.messageId);
      expect(posted.filter((id) => id.startsWith('m'))).toEqual(az);
      expect(posted.filter((id) => id.startsWith('g'))).toEqual(ge);
      expect(endpoint.received.every((r) => r.attempt === '1' && r.signed)).toBe(true);
    });

    it('leaves a subscription to a notifier whose lease runs, and takes it over once the lease ran out', async () => {
      const s = subscriptions.add('s1', 'AZ-CUSTOMS', url);
      // A notifier that died while serving it: its lease runs for another 300 ms.
      Object.assign(s, { leaseOwner: 'dead-notifier', leaseUntil: new Date(Date.now() + 300).toISOString() });
      inbox.deliver('AZ-CUSTOMS', 'm1');
      sender.onApplicationBootstrap();
      await new Promise((r) => setTimeout(r, 100));
      expect(endpoint.received).toEqual([]);
      // No new delivery arrives: the ended lease alone makes it served.
      await until(() => subscriptions.rows.get('s1')!.cursor === 1, 'm1 was taken after the lease ended');
      expect(endpoint.received.map((r) => r.messageId)).toEqual(['m1']);
      expect(subscriptions.rows.get('s1')!.leaseOwner).not.toBe('dead-notifier');
    });
  });
});
