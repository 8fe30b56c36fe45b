import { GatewayModule } from '../../apps/gateway/src/app.module';
import { routeTable, RouteEntry } from '../../apps/gateway/src/auth/route-table';
import { call, registerCorridor } from '../support/corridor';
import { createTestDatabase, TestDatabase } from '../support/database';
import { Exchange } from '../support/exchange';
import { rawRequest, RawResponse } from '../support/raw-http';

const SAMPLE_PARAMS: Record<string, string> = {
  ':id': 'KZ-RAIL-KTZ',
  ':keyId': '0123456789abcdef0123456789abcdef',
  ':ref': 'KTZ-2026-000123',
  ':type': 'consignment.note',
  ':version': '1.0',
};

const concrete = (path: string) => path.replace(/:[A-Za-z]+/g, (p) => SAMPLE_PARAMS[p] ?? 'x');
const encodeAll = (s: string) => [...s].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('');

/** The same route spelled every way a path can be: what a guard deciding on `req.url` would misread. */
function spellings(path: string, port: number): Record<string, string> {
  const segments = path.split('/').slice(1);
  const out: Record<string, string> = { plain: path };
  segments.forEach((s, i) => {
    if (!/^[a-z]/i.test(s)) return;
    const encoded = [...segments];
    encoded[i] = `%${s.charCodeAt(0).toString(16)}${s.slice(1)}`;
    out[`segment ${i} percent-encoded`] = `/${encoded.join('/')}`;
  });
  out['every letter percent-encoded'] = `/${segments.map(encodeAll).join('/')}`;
  out['dot segment'] = `/${segments[0]}/./${segments.slice(1).join('/')}`;
  out['dot-dot segment'] = `/${segments[0]}/zz/../${segments.slice(1).join('/')}`;
  out['double slashes'] = `//${segments.join('//')}`;
  out['trailing slash'] = `${path}/`;
  out['upper case'] = path.toUpperCase();
  out['absolute form'] = `http://127.0.0.1:${port}${path}`;
  out['absolute form, percent-encoded'] = `http://127.0.0.1:${port}${out['every letter percent-encoded']}`;
  out['absolute form, other host'] = `http://internal.example${path}`;
  return out;
}

/**
 * Authorization is decided by the route Fastify matched: every route of the gateway, spelled every way, refuses a
 * caller without a key and a caller of the wrong kind, and a public route is the only one that answers without one.
 */
describe('security: access to every route', () => {
  let db: TestDatabase;
  let x: Exchange;
  let keys: Record<string, string>;
  let port: number;
  const routes = routeTable(GatewayModule);

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

  const send = (r: RouteEntry, target: string, token?: string): Promise<RawResponse> =>
    rawRequest(port, {
      method: r.method,
      target,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(['POST', 'PATCH', 'PUT'].includes(r.method) ? { 'content-type': 'application/json' } : {}),
      },
      body: ['POST', 'PATCH', 'PUT'].includes(r.method) ? '{}' : undefined,
    });

  it('finds the routes to walk, and every one declares who may call it', () => {
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.filter((r) => !r.access?.length)).toEqual([]);
    const publicRoutes = routes.filter((r) => r.access!.includes('public')).map((r) => r.path);
    expect(publicRoutes.sort()).toEqual([
      '/.well-known/jwks.json',
      '/docs',
      '/docs/openapi.json',
      '/health',
      '/metrics',
    ]);
  });

  it('refuses a caller without a key on every non-public route, however the path is spelled', async () => {
    const answered: string[] = [];
    for (const r of routes.filter((r) => !r.access!.includes('public'))) {
      for (const [how, target] of Object.entries(spellings(concrete(r.path), port))) {
        const res = await send(r, target);
        if (res.status < 400 || res.status >= 500)
          answered.push(`${r.method} ${target} (${how}) → ${res.status}`);
        if (how === 'plain') expect([r.path, res.status]).toEqual([r.path, 401]);
      }
    }
    expect(answered).toEqual([]);
  });

  it('refuses a caller of the wrong kind on every route, however the path is spelled', async () => {
    const participantKey = keys['KZ-RAIL-KTZ'];
    const answered: string[] = [];
    for (const r of routes) {
      const wrong = r.access!.includes('public')
        ? undefined
        : !r.access!.includes('participant')
          ? participantKey
          : !r.access!.includes('admin')
            ? x.adminToken
            : undefined;
      if (!wrong) continue;
      for (const [how, target] of Object.entries(spellings(concrete(r.path), port))) {
        const res = await send(r, target, wrong);
        if (res.status < 400 || res.status >= 500)
          answered.push(`${r.method} ${target} (${how}) → ${res.status}`);
        if (how === 'plain') expect([r.path, res.status]).toEqual([r.path, 403]);
      }
    }
    expect(answered).toEqual([]);
  });

  it('issues no key to a caller without a token on an encoded admin path', async () => {
    const before = await call(x, 'GET', '/v1/admin/participants/KZ-RAIL-KTZ/keys', x.adminToken);
    for (const target of [
      '/v%31/admin/participants/KZ-RAIL-KTZ/keys',
      `http://127.0.0.1:${port}/v1/admin/participants/KZ-RAIL-KTZ/keys`,
    ]) {
      const res = await rawRequest(port, { method: 'POST', target });
      expect(res.status).toBe(401);
    }
    const after = await call(x, 'GET', '/v1/admin/participants/KZ-RAIL-KTZ/keys', x.adminToken);
    expect(after.body).toEqual(before.body);
  });

  it('serves the right caller under the same spellings, and never answers a route with a server error', async () => {
    const admin = await rawRequest(port, {
      method: 'GET',
      target: '/v%31/%61dmin/participants',
      headers: { authorization: `Bearer ${x.adminToken}` },
    });
    expect(admin.status).toBe(200);
    for (const target of ['/v1/%69nbox', `http://127.0.0.1:${port}/v1/inbox`]) {
      const anonymous = await rawRequest(port, { method: 'GET', target });
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers['content-type']).toMatch(/^application\/problem\+json/);
      const participant = await rawRequest(port, {
        method: 'GET',
        target,
        headers: { authorization: `Bearer ${keys['KZ-RAIL-KTZ']}` },
      });
      expect(participant.status).toBe(200);
    }
  });
});
