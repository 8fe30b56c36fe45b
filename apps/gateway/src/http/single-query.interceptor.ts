import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { problems } from '../problem';

/**
 * No query parameter of the API takes several values (lists are comma-separated), and Fastify turns a repeated one
 * into an array the handlers do not expect: refuse it here, once, as the client's mistake.
 */
@Injectable()
export class SingleQueryInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler) {
    const query = context.switchToHttp().getRequest<FastifyRequest>().query;
    const repeated =
      typeof query === 'object' && query !== null
        ? Object.entries(query).filter(([, v]) => Array.isArray(v))
        : [];
    if (repeated.length > 0) {
      const names = repeated.map(([k]) => k);
      throw problems.malformed(
        `Query parameter${names.length > 1 ? 's' : ''} ${names.join(', ')} given more than once: give each once.`,
      );
    }
    return next.handle();
  }
}
