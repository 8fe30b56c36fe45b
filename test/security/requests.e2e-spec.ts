import { randomBytes, randomUUID } from 'node:crypto';
import { call, corpusMessage, registerCorridor } from '../support/corridor';
import { createTestDatabase, TestDatabase } from '../support/database';
import { Exchange } from '../support/exchange';
import { rawRequest } from '../support/raw-http';

const secret = () => randomBytes(32).toString('base64url');
const keyWith = (keyId: string) => `cx_${keyId}_${secret()}`;

/**
 * What the gateway takes before any handler runs: bodies read strictly (UTF-8, one value a key, bounded depth), query
 * parameters given once, and API-key checks that cost little when they fail and tell nothing about which key ids exist.
 */
describe('security: requests the gateway refuses', () => {
  let db: TestDatabase;
  let x: Exchange;
  let keys: Record<string, string>;
  let port: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    x = await Exchange.start(db, ['validator', 'router', 'gateway']);
    keys = await registerCorridor(x);
    port = Number(x.portOf('gateway'));
  });

  afterAll(async () => {
    await x?.stop();
    await db?.drop();
  });

  const post = (path: string, key: string, body: Buffer | string) =>
    fetch(`${x.gatewayUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body,
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as { detail: string } }));

  describe('strict JSON', () => {
    const note = () => corpusMessage('consignment.note/valid-aktau-baku-bulk-ferry', true);

    it.each([
      ['FF FE', [0xff, 0xfe]],
      ['C0 80', [0xc0, 0x80]],
      ['ED A0 80', [0xed, 0xa0, 0x80]],
    ])('refuses invalid UTF-8 (%s) inside a string with 400', async (_name, bad) => {
      const text = JSON.stringify(note()).replace('"documentNumber":"', '"documentNumber":"\u0000');
      const [before, after] = text.split('\u0000');
      const res = await post(
        '/v1/messages',
        keys['AZ-CARRIER-ASCO'],
        Buffer.concat([Buffer.from(before), Buffer.from(bad), Buffer.from(after)]),
      );
      expect([res.status, res.body.detail]).toEqual([400, expect.stringContaining('not valid UTF-8')]);
    });

    it('refuses duplicate keys with 400 naming the key', async () => {
      const text = JSON.stringify(note()).replace(
        '"sender":"AZ-CARRIER-ASCO"',
        '"sender":"AZ-CARRIER-ASCO","sender":"KZ-RAIL-KTZ"',
      );
      const res = await post('/v1/messages', keys['AZ-CARRIER-ASCO'], text);
      expect([res.status, res.body.detail]).toEqual([400, expect.stringContaining('duplicate key "sender"')]);
    });

    it('refuses a deeply nested batch with 400, not a server error', async () => {
      const depth = 100_000;
      const body = `[{"id":"${randomUUID()}","payload":${'['.repeat(depth)}${']'.repeat(depth)}}]`;
      const res = await post('/v1/messages/batch', keys['AZ-CARRIER-ASCO'], body);
      expect([res.status, res.body.detail]).toEqual([400, expect.stringContaining('nested deeper than 64')]);
    });
  });

  it.each([
    '/v1/admin/messages?id=a&id=b',
    '/v1/admin/messages?sender=KZ-RAIL-KTZ&sender=AZ-PORT-BAKU',
    '/v1/admin/participants?role=port&role=rail',
    '/v1/admin/participants?country=KZ&country=AZ',
    '/v1/admin/dlq?limit=1&limit=2',
    '/v1/admin/stats?minutes=1&minutes=2',
  ])('refuses the repeated query parameter of %s with 400', async (path) => {
    const res = await call(x, 'GET', path, x.adminToken);
    expect([res.status, res.body.detail]).toEqual([400, expect.stringContaining('more than once')]);
  });

  it('refuses U+0000 in path and query parameters and in JSON strings with 400, not a server error', async () => {
    const participant = keys['KZ-RAIL-KTZ'];
    for (const [path, key] of [
      ['/v1/consignments/%00', participant],
      ['/v1/messages/%00', participant],
      ['/v1/subscriptions/%00', participant],
      ['/v1/admin/messages?id=%00', x.adminToken],
      ['/v1/admin/participants/%00', x.adminToken],
      ['/v1/admin/participants?role=%00', x.adminToken],
    ]) {
      const res = await call(x, 'GET', path, key);
      expect([path, res.status, res.body.detail]).toEqual([path, 400, expect.stringContaining('U+0000')]);
    }
    const subscription = await call(x, 'POST', '/v1/subscriptions', participant, {
      url: 'http://127.0.0.1:9/hooks',
      secret: 'a-secret-of-enough-length\u0000',
    });
    expect([subscription.status, subscription.body.detail]).toEqual([400, expect.stringContaining('U+0000')]);
  });

  it('refuses an inbox cursor beyond any delivery with 422, not a server error', async () => {
    const beyond = Buffer.from(String(3_000_000_000)).toString('base64url');
    const res = await call(x, 'GET', `/v1/inbox?after=${beyond}`, keys['KZ-RAIL-KTZ']);
    expect([res.status, res.body.errors]).toEqual([422, [expect.objectContaining({ path: '/after' })]]);
  });

  describe('API-key checks', () => {
    const attempt = (key: string, localAddress?: string) =>
      rawRequest(port, {
        method: 'GET',
        target: '/v1/inbox?limit=1',
        headers: { authorization: `Bearer ${key}` },
        localAddress,
      });

    async function issueKey(participant: string): Promise<{ keyId: string; apiKey: string }> {
      const res = await call(x, 'POST', `/v1/admin/participants/${participant}/keys`, x.adminToken);
      expect(res.status).toBe(201);
      return res.body as { keyId: string; apiKey: string };
    }

    it('answers a known key id with wrong secrets exactly as an unknown key id, both throttled', async () => {
      const known = (await issueKey('KZ-PORT-AKTAU')).keyId;
      const unknown = randomBytes(16).toString('hex');
      const answers = async (keyId: string, address: string) => {
        const out: string[] = [];
        for (let i = 0; i < 12; i++) {
          const res = await attempt(keyWith(keyId), address);
          out.push(`${res.status} ${res.headers['retry-after'] ? 'retry-after' : ''}`.trim());
        }
        return out;
      };
      const forKnown = await answers(known, '127.0.0.3');
      const forUnknown = await answers(unknown, '127.0.0.4');
      expect(forKnown).toEqual(forUnknown);
      expect(forKnown.slice(0, 10)).toEqual(Array(10).fill('401'));
      expect(forKnown.slice(10)).toEqual(['429 retry-after', '429 retry-after']);
    });

    it('refuses a client address past its failure budget, whatever the key ids', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 32; i++)
        statuses.push((await attempt(keyWith(randomBytes(16).toString('hex')), '127.0.0.5')).status);
      expect(statuses.slice(0, 30)).toEqual(Array(30).fill(401));
      expect(statuses.slice(30)).toEqual([429, 429]);
      expect((await attempt(keys['GE-CUSTOMS'], '127.0.0.6')).status).toBe(200);
    });

    it('does not let failures with a key id from one address lock its owner out from another', async () => {
      const { keyId, apiKey } = await issueKey('GE-RAIL-GR');
      const fromAttacker: number[] = [];
      for (let i = 0; i < 12; i++) fromAttacker.push((await attempt(keyWith(keyId), '127.0.0.8')).status);
      expect(fromAttacker.slice(10)).toEqual([429, 429]);
      // The key id is not secret; its owner, elsewhere, is still served (its key was never checked before).
      expect((await attempt(apiKey, '127.0.0.9')).status).toBe(200);
    });

    it('serves a participant’s concurrent first requests with a new key, one check for them all', async () => {
      const { apiKey } = await issueKey('AZ-RAIL-ADY');
      const answers = await Promise.all(Array.from({ length: 20 }, () => attempt(apiKey, '127.0.0.7')));
      expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    });

    it('serves another participant’s first request during a flood of wrong secrets for one key id', async () => {
      const target = (await issueKey('KZ-RAIL-KTZ')).keyId;
      const other = (await issueKey('GE-PORT-POTI')).apiKey;
      const flood = Array.from({ length: 120 }, () => attempt(keyWith(target)));
      const first = await attempt(other, '127.0.0.2');
      const answers = await Promise.all(flood);
      expect(first.status).toBe(200);
      expect(new Set(answers.map((a) => a.status))).toEqual(new Set([401, 429]));
      expect(
        answers.filter((a) => a.status === 429).every((a) => Number(a.headers['retry-after']) >= 1),
      ).toBe(true);
    });
  });
});
