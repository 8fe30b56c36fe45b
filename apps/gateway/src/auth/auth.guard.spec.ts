import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Access, Caller } from '@cx/auth';
import { ProblemException } from '../problem';
import { ApiKeysService } from './api-keys.service';
import { AuthGuard } from './auth.guard';

class Routes {
  undeclared() {}
  @Access('public')
  open() {}
  @Access('admin')
  admin() {}
  @Access('participant')
  inbox() {}
}

const participant: Caller = {
  kind: 'participant',
  keyId: 'k',
  participant: { id: 'KZ-RAIL-KTZ', name: 'KTZ', role: 'rail', country: 'KZ', locations: [], active: true },
};
const callers: Record<string, Caller> = { 'admin-token': { kind: 'admin' }, 'participant-key': participant };
const keys = { resolve: async (token: string) => callers[token] } as unknown as ApiKeysService;
const guard = new AuthGuard(keys, new Reflector());

function context(handler: keyof Routes, token?: string, url = '/anything') {
  const req = { url, ip: '127.0.0.1', headers: token ? { authorization: `Bearer ${token}` } : {} };
  return {
    getHandler: () => Routes.prototype[handler],
    getClass: () => Routes,
    switchToHttp: () => ({ getRequest: () => req }),
  } as unknown as ExecutionContext;
}

const status = (p: Promise<unknown>) =>
  p.then(
    () => 200,
    (e: ProblemException) => e.status,
  );

describe('AuthGuard', () => {
  it('refuses everybody on a route that declares no access', async () => {
    expect(await status(guard.canActivate(context('undeclared')))).toBe(403);
    expect(await status(guard.canActivate(context('undeclared', 'admin-token')))).toBe(403);
  });

  it('decides by the route, whatever the URL says', async () => {
    expect(await status(guard.canActivate(context('open', undefined, '/v1/admin/participants')))).toBe(200);
    expect(await status(guard.canActivate(context('admin', undefined, '/docs')))).toBe(401);
    expect(await status(guard.canActivate(context('admin', 'participant-key', '/v1/inbox')))).toBe(403);
    expect(await status(guard.canActivate(context('inbox', 'admin-token', '/v1/admin/x')))).toBe(403);
  });

  it('admits the declared audience', async () => {
    expect(await status(guard.canActivate(context('admin', 'admin-token')))).toBe(200);
    expect(await status(guard.canActivate(context('inbox', 'participant-key')))).toBe(200);
    expect(await status(guard.canActivate(context('inbox', 'unknown-key')))).toBe(401);
  });
});
