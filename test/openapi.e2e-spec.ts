import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GatewayModule } from '../apps/gateway/src/app.module';
import { routeTable, RouteEntry } from '../apps/gateway/src/auth/route-table';
import { EVERY_ROUTE, TESTED } from './openapi-statuses';
import { call, corpusMessage, registerCorridor } from './support/corridor';
import { createTestDatabase, TestDatabase } from './support/database';
import { Exchange } from './support/exchange';
import { rawRequest } from './support/raw-http';

type Operation = { description: string; responses: Record<string, unknown> };
type Document = { paths: Record<string, Record<string, Operation>> };

/** Served beside the API, not part of it: the reference itself, readiness, metrics and the exchange's public keys. */
const OPERATIONAL = [
  'GET /.well-known/jwks.json',
  'GET /docs',
  'GET /docs/openapi.json',
  'GET /health',
  'GET /metrics',
];
const ACCESS: Record<string, string> = {
  admin: 'Requires the admin token.',
  participant: 'Requires a participant’s API key (the admin token is refused).',
  'participant,admin': 'Requires a participant’s API key (the admin token may read).',
};
const SAMPLE: Record<string, string> = {
  id: 'KZ-RAIL-KTZ',
  keyId: '0123456789abcdef0123456789abcdef',
  ref: 'KTZ-2026-000123',
  type: 'consignment.note',
  version: '1.0',
};

const documented = (path: string) => path.replace(/:(\w+)/g, '{$1}');
const concrete = (path: string) => path.replace(/:(\w+)/g, (_m, name: string) => SAMPLE[name] ?? 'x');
const hasBody = (r: RouteEntry) => ['POST', 'PATCH', 'PUT'].includes(r.method);

/**
 * The OpenAPI document against the app: every route it serves is documented with the access its controller declares,
 * nothing documented is missing, and each documented status is produced by a test (ledger in ./openapi-statuses);
 * the statuses no other spec shows are produced here.
 */
describe('the OpenAPI document', () => {
  let db: TestDatabase;
  let x: Exchange;
  let keys: Record<string, string>;
  let doc: Document;
  const routes = routeTable(GatewayModule);
  const api = routes.filter((r) => !OPERATIONAL.includes(`${r.method} ${r.path}`));
  const tokenFor = (r: RouteEntry) =>
    r.access!.includes('participant') ? keys['KZ-RAIL-KTZ'] : x.adminToken;

  beforeAll(async () => {
    db = await createTestDatabase();
    x = await Exchange.start(db, ['validator', 'router', 'gateway']);
    keys = await registerCorridor(x);
    doc = (await (await fetch(`${x.gatewayUrl}/docs/openapi.json`)).json()) as Document;
  });

  afterAll(async () => {
    await x?.stop();
    await db?.drop();
  });

  it('documents every route the gateway serves, and nothing it does not', () => {
    expect(routes.filter((r) => r.access!.includes('public')).map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining(OPERATIONAL),
    );
    const served = api.map((r) => `${r.method} ${documented(r.path)}`).sort();
    const inDocument = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    expect(inDocument).toEqual(served);
  });

  it('says who may call each operation as its controller does', () => {
    for (const r of api) {
      const op = doc.paths[documented(r.path)][r.method.toLowerCase()];
      expect([r.method, r.path, op.description]).toEqual([r.method, r.path, ACCESS[r.access!.join(',')]]);
    }
  });

  it('names, for every documented status, a test that produces it', () => {
    const statuses = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).flatMap(([m, op]) =>
        Object.keys(op.responses).map((s) => `${m.toUpperCase()} ${path} ${s}`),
      ),
    );
    const perRoute = statuses.filter((s) => !(s.split(' ')[2] in EVERY_ROUTE) || s in TESTED);
    expect(Object.keys(TESTED).sort()).toEqual(perRoute.sort());
    const refs = [
      ...Object.entries(TESTED).map(([key, ref]) => [key.split(' ')[2], ref]),
      ...Object.entries(EVERY_ROUTE),
    ];
    for (const [status, ref] of refs) {
      const [file, title] = ref.split(' › ');
      const path = join(__dirname, '..', file);
      const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
      expect([ref, text.includes(title), text.includes(status)]).toEqual([ref, true, true]);
    }
  });

  it('refuses a query parameter given twice on every route', async () => {
    for (const r of api) {
      const res = await call(
        x,
        r.method,
        `${concrete(r.path)}?zz=1&zz=2`,
        tokenFor(r),
        hasBody(r) ? {} : undefined,
      );
      expect([r.method, r.path, res.status]).toEqual([r.method, r.path, 400]);
    }
  });

  it('throttles key checks on every route', async () => {
    const keyId = randomBytes(16).toString('hex');
    // A fresh secret each time: the same wrong key again is refused from memory, without a check to count.
    const key = () => `cx_${keyId}_${randomBytes(32).toString('base64url')}`;
    const send = (r: RouteEntry) =>
      rawRequest(Number(x.portOf('gateway')), {
        method: r.method,
        target: concrete(r.path),
        headers: {
          authorization: `Bearer ${key()}`,
          ...(hasBody(r) ? { 'content-type': 'application/json' } : {}),
        },
        body: hasBody(r) ? '{}' : undefined,
        localAddress: '127.0.0.9',
      });
    const inbox = api.find((r) => r.path === '/v1/inbox')!;
    for (let i = 0; i < 10; i++) expect((await send(inbox)).status).toBe(401);
    for (const r of api) expect([r.method, r.path, (await send(r)).status]).toEqual([r.method, r.path, 429]);
  });

  it('refuses an empty batch', async () => {
    const res = await call(x, 'POST', '/v1/messages/batch', keys['KZ-RAIL-KTZ'], []);
    expect([res.status, res.body.errors]).toEqual([422, [expect.objectContaining({ rule: 'batch.size' })]]);
  });

  it('manages a subscription', async () => {
    const key = keys['KZ-RAIL-KTZ'];
    const created = await call(x, 'POST', '/v1/subscriptions', key, {
      url: 'https://receiver.example/hook',
      secret: randomBytes(16).toString('hex'),
    });
    expect(created.status).toBe(201);
    const at = `/v1/subscriptions/${String(created.body.id)}`;
    expect((await call(x, 'GET', '/v1/subscriptions', key)).status).toBe(200);
    expect((await call(x, 'GET', at, key)).status).toBe(200);
    expect((await call(x, 'PATCH', at, key, { active: 'no' })).status).toBe(422);
    expect((await call(x, 'PATCH', at, key, { active: false })).status).toBe(200);
    expect((await call(x, 'DELETE', at, key)).status).toBe(204);
    expect((await call(x, 'GET', at, key)).status).toBe(404);
    expect((await call(x, 'PATCH', at, key, { active: true })).status).toBe(404);
    expect((await call(x, 'DELETE', at, key)).status).toBe(404);
  });

  it('serves the schema registry', async () => {
    const key = keys['KZ-RAIL-KTZ'];
    expect((await call(x, 'GET', '/v1/schemas', key)).status).toBe(200);
    expect((await call(x, 'GET', '/v1/schemas/consignment.note/1.0', key)).status).toBe(200);
    expect((await call(x, 'GET', '/v1/schemas/consignment.note/9.9', key)).status).toBe(422);
  });

  it('manages participants and their keys', async () => {
    const admin = (method: string, path: string, body?: unknown) =>
      call(x, method, `/v1/admin/participants${path}`, x.adminToken, body).then((r) => r.status);
    const id = 'GE-OPENAPI-TEST';
    const participant = { id, name: 'Test', role: 'forwarder', country: 'GE', locations: [] };
    expect(await admin('GET', '')).toBe(200);
    expect(await admin('POST', '', {})).toBe(422);
    expect(await admin('POST', '', participant)).toBe(201);
    expect(await admin('POST', '', participant)).toBe(409);
    expect(await admin('GET', `/${id}`)).toBe(200);
    expect(await admin('PATCH', `/${id}`, { role: 'rail' })).toBe(422);
    expect(await admin('PATCH', `/${id}`, { name: 'Renamed' })).toBe(200);
    expect(await admin('GET', `/${id}/keys`)).toBe(200);
    const issued = await call(x, 'POST', `/v1/admin/participants/${id}/keys`, x.adminToken);
    expect(issued.status).toBe(201);
    expect(await admin('DELETE', `/${id}/keys/${String(issued.body.keyId)}`)).toBe(204);
    expect(await admin('DELETE', `/${id}/keys/${randomBytes(16).toString('hex')}`)).toBe(404);
    const nobody = '/GE-NOBODY';
    for (const [method, path, body] of [
      ['GET', ''],
      ['PATCH', '', { name: 'x' }],
      ['GET', '/keys'],
      ['POST', '/keys'],
      ['GET', '/kafka-credential'],
      ['POST', '/kafka-credential'],
      ['DELETE', '/kafka-credential'],
    ] as const) {
      expect([method, path, await admin(method, `${nobody}${path}`, body)]).toEqual([method, path, 404]);
    }
  });

  it('answers the admin queries', async () => {
    const admin = (path: string, method = 'GET') => call(x, method, path, x.adminToken).then((r) => r.status);
    expect(await admin('/v1/admin/stats?minutes=5')).toBe(200);
    expect(await admin('/v1/admin/stats?minutes=0')).toBe(422);
    expect(await admin('/v1/admin/dlq')).toBe(200);
    expect(await admin('/v1/admin/dlq?limit=0')).toBe(422);
    expect(await admin('/v1/admin/dlq/nowhere:0:0')).toBe(404);
    expect(await admin('/v1/admin/dlq/nowhere:0:0/replay', 'POST')).toBe(404);
    expect(await admin('/v1/admin/messages')).toBe(200);
    expect(await admin('/v1/admin/messages?status=lost')).toBe(422);
    const note = corpusMessage('consignment.note/valid-aktau-baku-bulk-ferry', true);
    expect((await call(x, 'POST', '/v1/messages', keys['AZ-CARRIER-ASCO'], note)).status).toBe(202);
    expect(await admin(`/v1/admin/messages/${String(note.id)}`)).toBe(200);
    expect(await admin(`/v1/admin/messages/${randomUUID()}`)).toBe(404);
  });
});
