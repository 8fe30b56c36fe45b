import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { isKafkaUnavailable } from '@cx/kafka';
import { isDatabaseUnavailable } from '@cx/persistence';
import { Problem, ProblemException, problems } from './problem';

const FASTIFY_CODES: Record<string, (e: Error) => ProblemException> = {
  FST_ERR_CTP_BODY_TOO_LARGE: () =>
    new ProblemException(413, 'payload-too-large', 'The body is over the 1 MiB limit.'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () =>
    new ProblemException(415, 'unsupported-media-type', 'Send the body as `Content-Type: application/json`.'),
  FST_ERR_CTP_EMPTY_JSON_BODY: () =>
    new ProblemException(400, 'malformed-request', 'The JSON body is empty.'),
  FST_ERR_CTP_INVALID_JSON_BODY: (e) =>
    new ProblemException(400, 'malformed-request', `The JSON body is refused: ${e.message}.`),
};

const unavailable = (what: string) =>
  `${what} is unavailable; nothing was accepted: retry later with the same ids (a message that arrived after all ` +
  'is answered as a replay, never delivered twice).';

/** Turns whatever was thrown into the problem document the client sees: the one place errors are rendered. */
export function toProblemException(err: unknown): ProblemException {
  if (err instanceof ProblemException) return err;
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const res = err.getResponse();
    const message = typeof res === 'string' ? res : (res as { message?: unknown }).message;
    const detail = Array.isArray(message)
      ? message.join('; ')
      : typeof message === 'string'
        ? message
        : err.message;
    return new ProblemException(status, `http-${status}`, detail);
  }
  const code = (err as { code?: string }).code;
  if (code && FASTIFY_CODES[code]) return FASTIFY_CODES[code](err as Error);
  const statusCode = (err as { statusCode?: number }).statusCode;
  if (statusCode && statusCode >= 400 && statusCode < 500) {
    return new ProblemException(statusCode, `http-${statusCode}`, (err as Error).message);
  }
  // A dependency that is down is not the server's bug: say so, and that nothing was stored, so the client retries.
  if (isDatabaseUnavailable(err)) return problems.unavailable(unavailable('The database'));
  if (isKafkaUnavailable(err)) return problems.unavailable(unavailable('Kafka'));
  return new ProblemException(500, 'internal', 'An unexpected error occurred; it has been logged.');
}

export function sendProblem(reply: FastifyReply, p: ProblemException): void {
  const body: Problem = p.toProblem();
  void reply.status(p.status).headers(p.headers).type('application/problem+json').send(JSON.stringify(body));
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(err: unknown, host: ArgumentsHost): void {
    const problem = toProblemException(err);
    if (problem.status === 503) this.logger.warn(`503: ${err instanceof Error ? err.message : String(err)}`);
    else if (problem.status >= 500)
      this.logger.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    sendProblem(host.switchToHttp().getResponse<FastifyReply>(), problem);
  }
}
