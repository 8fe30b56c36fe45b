import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parseStrictJson } from '@cx/contracts';

export const BODY_LIMIT = 1024 * 1024;

declare module 'fastify' {
  interface FastifyRequest {
    /** The body exactly as received: idempotency compares it byte for byte. */
    rawBody?: Buffer;
  }
}

/**
 * JSON bodies are parsed once, strictly (UTF-8, no duplicate keys, bounded depth: see parseStrictJson), and the raw
 * bytes kept beside the parsed value. Other media types are left to Fastify, which refuses them with 415.
 */
export function registerJsonBody(fastify: FastifyInstance): void {
  // Only JSON: Fastify's text/plain parser would let a non-JSON body through to the handlers.
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer', bodyLimit: BODY_LIMIT },
    (req: FastifyRequest, body: Buffer, done: (err: Error | null, value?: unknown) => void) => {
      req.rawBody = body;
      const parsed = parseStrictJson(body);
      if (parsed.problem === undefined) return done(null, parsed.value);
      const e = new Error(parsed.problem) as Error & { code: string; statusCode: number };
      e.code = 'FST_ERR_CTP_INVALID_JSON_BODY';
      e.statusCode = 400;
      done(e);
    },
  );
}
