import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ACCESS, admits, Audience, Caller } from '@cx/auth';
import { problems } from '../problem';
import { ApiKeysService } from './api-keys.service';

declare module 'fastify' {
  interface FastifyRequest {
    caller?: Caller;
  }
}

const REFUSALS: Record<Exclude<Audience, 'public'>, string> = {
  admin: 'Only the admin token may call this route.',
  participant:
    'Only a participant’s API key may call this route (the admin token has no inbox, subscriptions or messages to send).',
};

/**
 * Decides from the route Fastify matched, never from the request's URL: the route's `@Access` metadata says who may
 * call it, and a route without one is refused to everybody. The URL's spelling (percent-encoding, absolute form, dot
 * segments) only decides which route that is, and the route carries its own rule.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly keys: ApiKeysService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const audiences = this.reflector.getAllAndOverride<Audience[] | undefined>(ACCESS, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!audiences || audiences.length === 0) throw problems.forbidden('This route admits nobody.');
    if (audiences.includes('public')) return true;
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!token) throw problems.unauthenticated();
    const caller = await this.keys.resolve(token, req.ip);
    if (!caller) throw problems.unauthenticated('The API key is unknown or revoked.');
    if (!admits(audiences, caller)) {
      const needed = audiences.find((a): a is Exclude<Audience, 'public'> => a !== 'public')!;
      throw problems.forbidden(REFUSALS[needed]);
    }
    req.caller = caller;
    return true;
  }
}
