import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Caller } from '@cx/auth';
import { problems } from '../problem';
import { ApiKeysService } from './api-keys.service';

declare module 'fastify' {
  interface FastifyRequest {
    caller?: Caller;
  }
}

/**
 * Every `/v1` call carries `Authorization: Bearer <api-key or admin token>`; `/v1/admin/*` needs the admin token.
 * Health, metrics and docs are public.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly keys: ApiKeysService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    const path = req.url.split('?')[0];
    if (!path.startsWith('/v1/')) return true;
    const header = req.headers.authorization ?? '';
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (!token) throw problems.unauthenticated();
    const caller = await this.keys.resolve(token).catch(() => {
      throw problems.unavailable('The database is unavailable; retry later.');
    });
    if (!caller) throw problems.unauthenticated('The API key is unknown or revoked.');
    if (path.startsWith('/v1/admin/') && caller.kind !== 'admin') {
      throw problems.forbidden('Only the admin token may call /v1/admin.');
    }
    req.caller = caller;
    return true;
  }
}
