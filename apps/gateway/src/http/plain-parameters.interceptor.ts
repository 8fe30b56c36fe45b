import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { problems } from '../problem';

const entries = (o: unknown): Array<[string, unknown]> =>
  typeof o === 'object' && o !== null ? Object.entries(o) : [];

/**
 * Path and query parameters reach the handlers as plain text, or the request is the client's mistake (400), refused
 * here once for every route: no query parameter of the API takes several values (lists are comma-separated), and
 * Fastify would hand a repeated one over as an array; and no parameter holds U+0000, which PostgreSQL refuses in any
 * text it is compared with.
 */
@Injectable()
export class PlainParametersInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler) {
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    const query = entries(req.query);
    const repeated = query.filter(([, v]) => Array.isArray(v)).map(([k]) => k);
    if (repeated.length > 0) {
      throw problems.malformed(
        `Query parameter${repeated.length > 1 ? 's' : ''} ${repeated.join(', ')} given more than once: give each once.`,
      );
    }
    const nul = [...query, ...entries(req.params)].filter(
      ([, v]) => typeof v === 'string' && v.includes('\u0000'),
    );
    if (nul.length > 0) {
      throw problems.malformed(`Parameter ${nul.map(([k]) => k).join(', ')} holds the character U+0000.`);
    }
    return next.handle();
  }
}
