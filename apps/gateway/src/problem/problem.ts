import type { Problem, Violation } from '@cx/contracts';

/** An RFC 9457 problem document, as every error of the API is answered: schemas/api/problem.schema.json. */
export type { Problem };

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Stable problem type URIs, one per kind of error, documented in docs/errors.md. */
export const PROBLEM_BASE = 'https://corridor-exchange.example/problems/';

/** An error the API answers as application/problem+json; thrown anywhere, rendered in ProblemFilter. */
export class ProblemException extends Error {
  readonly headers: Record<string, string>;

  constructor(
    readonly status: number,
    readonly kind: string,
    readonly detail: string,
    readonly errors?: Violation[],
    headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'ProblemException';
    this.headers = headers;
  }

  toProblem(): Problem {
    return {
      type: PROBLEM_BASE + this.kind,
      title: TITLES[this.status] ?? 'Error',
      status: this.status,
      detail: this.detail,
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}

export const problems = {
  malformed: (detail: string) => new ProblemException(400, 'malformed-request', detail),
  unauthenticated: (detail = 'A valid API key is required: send `Authorization: Bearer <api-key>`.') =>
    new ProblemException(401, 'unauthenticated', detail, undefined, { 'WWW-Authenticate': 'Bearer' }),
  forbidden: (detail: string, errors?: Violation[]) => new ProblemException(403, 'forbidden', detail, errors),
  notFound: (detail: string) => new ProblemException(404, 'not-found', detail),
  conflict: (detail: string) => new ProblemException(409, 'conflict', detail),
  tooLarge: (detail: string) => new ProblemException(413, 'payload-too-large', detail),
  unsupportedMediaType: (detail: string) => new ProblemException(415, 'unsupported-media-type', detail),
  invalid: (detail: string, errors: Violation[]) =>
    new ProblemException(422, 'validation-failed', detail, errors),
  rateLimited: (retryAfterSeconds: number) =>
    new ProblemException(
      429,
      'rate-limited',
      `Too many requests: retry after ${retryAfterSeconds} s.`,
      undefined,
      {
        'Retry-After': String(retryAfterSeconds),
      },
    ),
  unavailable: (detail: string) =>
    new ProblemException(503, 'unavailable', detail, undefined, { 'Retry-After': '5' }),
};
