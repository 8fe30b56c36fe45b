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
      leaseOwner: null,
      leaseUntil: null,
      createdAt: new Date(0).toISOString(),
      updatedAt: new Date(0).toISOString(),
    } as SubscriptionEntity;
    this.rows.set(id, row);
    return row;
  }
  private leaseFree(s: SubscriptionEntity, owner: string, now: Date) {
    return !s.leaseOwner || s.leaseOwner === owner || new Date(s.leaseUntil!) < now;
  }
  async due(now: Date, owner: string) {
    return [...this.rows.values()]
      .filter((s) => s.status === 'active' && (!s.nextAttemptAt || new Date(s.nextAttemptAt) <= now))
      .filter((s) => this.leaseFree(s, owner, now))
      .map((s) => ({ ...s }));
  }
  async lease(id: string, owner: string, now: Date, until: Date) {
    const s = this.rows.get(id);
    if (!s || !this.leaseFree(s, owner, now)) return false;
    Object.assign(s, { leaseOwner: owner, leaseUntil: until.toISOString() });
    return true;
  }
  async releaseLeases(owner: string) {
    for (const s of this.rows.values())
      if (s.leaseOwner === owner) Object.assign(s, { leaseOwner: null, leaseUntil: null });
  }
  async findById(id: string) {
    const s = this.rows.get(id);
    return s && { ...s };
  }
  async advance(id: string, seq: number, _attempt: unknown, now: Date, owner: string) {
    const s = this.rows.get(id)!;
    if (s.status === 'active' && s.cursor < seq && s.leaseOwner === owner)
      Object.assign(s, {
        cursor: seq,
        consecutiveFailures: 0,
        nextAttemptAt: null,
        updatedAt: now.toISOString(),
      });
  }
  async failed(
    id: string,
    _attempt: unknown,
    next: { retryAt: Date } | { pausedReason: string },
    now: Date,
    owner: string,
  ) {
    const s = this.rows.get(id)!;
    if (s.status !== 'active' || s.leaseOwner !== owner) return;
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
  /** When each post arrived (ms since the epoch), in the order of `received`. */
  readonly arrivedAt: number[] = [];
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
        this.arrivedAt.push(Date.now());
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
  let participants: CachedParticipantDirectory;
  const others: WebhookSender[] = [];
  const newSender = () =>
    new WebhookSender(
      settings,
      subscriptions as unknown as SubscriptionStore,
      inbox as unknown as InboxStore,
      participants,
    );

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
    participants = {
      get: (id: string) => ({ active: active.get(id) ?? false }),
    } as unknown as CachedParticipantDirectory;
    sender = newSender();
  });
  afterEach(async () => {
    await Promise.all([sender, ...others.splice(0)].map((s) => s.beforeApplicationShutdown()));
    await endpoint.stop();
  });

  it("posts a participant's deliveries in order, signed, and moves the cursor past each one taken", async () => {
    subscriptions.add('s1', 'AZ-CUSTOMS', url);
    for (const id of ['m1', 'm2', 'm3']) inbox.deliver('AZ-CUSTOMS', id);
    inbox.deliver('GE-CUSTOMS', 'not-for-az');
    sender.onApplicationBootstrap();
    await until(() => subscriptions.rows.get('s1')!.cursor === 3, 'the cursor passed m3');
    inbox.deliver('AZ-CUSTOMS', 'm4');
    await until(() => endpoint.received.length === 4, 'm4 was posted');
    expect(endpoint.received).toEqual(
      ['m1', 'm2', 'm3', 'm4'].map((messageId) => ({ messageId, attempt: '1', signed: true })),
    );
    await until(() => subscriptions.rows.get('s1')!.cursor === 5, 'm4 was recorded');
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
    active.set('AZ-CUSTOMS', true);
    inbox.deliver('AZ-CUSTOMS', 'm2');
    await until(() => subscriptions.rows.get('s1')!.cursor === 3, 'the backlog was taken');
    expect(endpoint.received.map((r) => r.messageId)).toEqual(['g1', 'm1', 'm2']);
  });

  it('two instances share the subscriptions through leases: every delivery posted once, in order', async () => {
    subscriptions.add('s1', 'AZ-CUSTOMS', url);
    subscriptions.add('s2', 'GE-CUSTOMS', url);
    const second = newSender();
    others.push(second);
    sender.onApplicationBootstrap();
    second.onApplicationBootstrap();
    const az = Array.from({ length: 30 }, (_, i) => `m${i}`);
    const ge = Array.from({ length: 30 }, (_, i) => `g${i}`);
    for (let i = 0; i < 30; i++) {
      inbox.deliver('AZ-CUSTOMS', az[i]);
      inbox.deliver('GE-CUSTOMS', ge[i]);
      if (i % 5 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    await until(() => endpoint.received.length >= 60, 'all 60 were posted');
    await until(() => subscriptions.rows.get('s1')!.cursor === 59, 'the last was recorded');
    const posted = endpoint.received.map((r) => r.messageId);
    expect(posted.filter((m) => m.startsWith('m'))).toEqual(az);
    expect(posted.filter((m) => m.startsWith('g'))).toEqual(ge);
  });

  it("takes over a dead instance's subscription once its lease has run out, not before", async () => {
    const row = subscriptions.add('s1', 'AZ-CUSTOMS', url);
    const leaseUntil = new Date(Date.now() + 300);
    Object.assign(row, { leaseOwner: 'dead-instance', leaseUntil: leaseUntil.toISOString() });
    inbox.deliver('AZ-CUSTOMS', 'm1');
    inbox.deliver('AZ-CUSTOMS', 'm2');
    sender.onApplicationBootstrap();
    await until(() => subscriptions.rows.get('s1')!.cursor === 2, 'both were taken');
    expect(endpoint.received.map((r) => r.messageId)).toEqual(['m1', 'm2']);
    expect(endpoint.arrivedAt[0]).toBeGreaterThanOrEqual(leaseUntil.getTime());
    expect(subscriptions.rows.get('s1')!.leaseOwner).toBe(sender.instanceId);
  });

  it('gives up its leases when it stops, and does not move a cursor whose lease another instance holds', async () => {
    subscriptions.add('s1', 'AZ-CUSTOMS', url);
    inbox.deliver('AZ-CUSTOMS', 'm1');
    sender.onApplicationBootstrap();
    await until(() => subscriptions.rows.get('s1')!.cursor === 1, 'm1 was taken');
    await sender.beforeApplicationShutdown();
    expect(subscriptions.rows.get('s1')!.leaseOwner).toBeNull();
    Object.assign(subscriptions.rows.get('s1')!, {
      leaseOwner: 'other',
      leaseUntil: new Date(Date.now() + 60_000).toISOString(),
    });
    await subscriptions.advance('s1', 5, undefined, new Date(), sender.instanceId);
    expect(subscriptions.rows.get('s1')!.cursor).toBe(1);
  });
});
