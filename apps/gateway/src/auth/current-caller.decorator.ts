import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Caller } from '@cx/auth';
import { problems } from '../problem';

/**
 * The authenticated caller of a route (set by AuthGuard). A route that admits the public has none: there it is a
 * 401, never a server error, so a declaration mistake fails closed.
 */
export const CurrentCaller = createParamDecorator((_data: unknown, ctx: ExecutionContext): Caller => {
  const caller = ctx.switchToHttp().getRequest<FastifyRequest>().caller;
  if (!caller) throw problems.unauthenticated();
  return caller;
});
