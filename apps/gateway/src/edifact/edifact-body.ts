import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BODY_LIMIT } from '../http/json-body';

/** RFC 1767's media type; Fastify compares media types in lower case. */
export const EDIFACT_MEDIA_TYPE = 'application/edifact';

/** The routes that take an interchange: the two that take envelopes. */
const EDIFACT_ROUTES = new Set(['/v1/messages', '/v1/messages/batch']);

/** An interchange as received: bytes, decoded later by the character set its UNB names. */
export class EdifactBody {
  constructor(readonly bytes: Buffer) {}
}

/** `Content-Type: application/EDIFACT` on the message routes; 415 on any other route, as before. */
export function registerEdifactBody(fastify: FastifyInstance): void {
  fastify.addContentTypeParser(
    EDIFACT_MEDIA_TYPE,
    { parseAs: 'buffer', bodyLimit: BODY_LIMIT },
    (req: FastifyRequest, body: Buffer, done: (err: Error | null, value?: unknown) => void) => {
      if (EDIFACT_ROUTES.has(req.routeOptions.url ?? '')) return done(null, new EdifactBody(body));
      const e = new Error('only the message routes take EDIFACT') as Error & {
        code: string;
        statusCode: number;
      };
      e.code = 'FST_ERR_CTP_INVALID_MEDIA_TYPE';
      e.statusCode = 415;
      done(e);
    },
  );
}

/** Whether the caller asked for the answer in EDIFACT (`Accept: application/EDIFACT`). */
export function wantsEdifact(req: FastifyRequest): boolean {
  return (req.headers.accept ?? '').toLowerCase().includes(EDIFACT_MEDIA_TYPE);
}
