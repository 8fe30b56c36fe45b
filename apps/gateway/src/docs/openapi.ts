import { MAX_JSON_DEPTH, MESSAGE_TYPES } from '@cx/contracts';
import { MAX_SUBSCRIPTIONS_PER_PARTICIPANT } from '@cx/webhooks';

/** The gateway's OpenAPI 3.1 document: the HTTP surface of contract sections 2, 5, 7 and 8. */
type Op = {
  summary: string;
  tag: string;
  admin?: boolean;
  /** A participant's API key only: the admin token is refused (403). */
  participantOnly?: boolean;
  body?: string;
  /** Query parameters (and headers) beside the path's own. */
  parameters?: Array<Record<string, unknown>>;
  /** A success answer that is not JSON. */
  produces?: string;
  responses: Record<string, string>;
};

const query = (name: string, description: string, schema: Record<string, unknown> = { type: 'string' }) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema,
});
const FILTER = [
  query('types', `Comma list of message types to include, among ${MESSAGE_TYPES.join(', ')}`),
  query('consignmentRef', 'Only this consignment’s messages'),
];

const problem = { $ref: '#/components/schemas/Problem' };
const ERRORS: Record<string, string> = {
  '400': `Malformed JSON, not an object, not valid UTF-8, an object with a duplicate key, U+0000 in a string or a parameter, nesting deeper than ${MAX_JSON_DEPTH} levels, or a query parameter given more than once`,
  '401': 'No API key, or a bad or revoked one',
  '403': 'The sender is not the caller, or the caller may not do this',
  '404': 'Not found, or not visible to the caller',
  '409': 'The id was already used for other content, or the participant exists',
  '413': 'Over 1 MiB',
  '415': 'Not application/json',
  '422':
    'Schema or rule violations: all of them, each with a JSON Pointer and the rule (`consignment.owner`: a consignment.note under a ref another participant’s note opened)',
  '429':
    'Over the caller’s rate, or too many failed or concurrent API-key checks for this key id or from this address: see Retry-After',
  '503':
    'Kafka or the database unavailable (or no acknowledgment within CX_KAFKA_ACK_TIMEOUT_MS); not accepted: retry with the same ids, which is safe',
};

const OPERATIONS: Record<string, Record<string, Op>> = {
  '/v1/messages': {
    post: {
      summary: 'Submit one envelope; 202 once it is durably in Kafka, 200 for an identical replay',
      tag: 'messages',
      participantOnly: true,
      body: 'Envelope',
      responses: {
        '202': 'Accepted: the receipt',
        '200': 'Identical replay: the first receipt',
        '400': '',
        '401': '',
        '403': '',
        '409': '',
        '413': '',
        '415': '',
        '422': '',
        '429': '',
        '503': '',
      },
    },
  },
  '/v1/messages/batch': {
    post: {
      summary: 'Submit up to 500 envelopes, each judged as if sent alone',
      tag: 'messages',
      participantOnly: true,
      body: 'EnvelopeArray',
      responses: { '200': 'One result per item', '400': '', '401': '', '422': '', '429': '', '503': '' },
    },
  },
  '/v1/messages/{id}': {
    get: {
      summary: 'A message’s status: accepted, routed or rejected',
      tag: 'messages',
      responses: { '200': 'The message', '401': '', '404': '' },
    },
  },
  '/v1/consignments/{ref}': {
    get: {
      summary: 'A consignment’s parties, last event and timeline',
      tag: 'consignments',
      responses: { '200': 'The consignment', '401': '', '404': '' },
    },
  },
  '/v1/inbox': {
    get: {
      summary:
        'The caller’s inbox: every message routed to it (acks included) in delivery order, a page at a time. Pass the page’s `next` as `after` to go on; cursors are opaque and stable under concurrent writes',
      tag: 'receiving',
      participantOnly: true,
      parameters: [
        query('after', 'A cursor: an item’s `cursor` or a page’s `next`; absent: from the start'),
        query('limit', 'Items per page, 1 to 500 (default 100)', {
          type: 'integer',
          minimum: 1,
          maximum: 500,
        }),
        ...FILTER,
      ],
      responses: {
        '200': '{items:[{cursor, message}], next}',
        '401': '',
        '403': 'The admin token: it has no inbox or subscriptions',
        '422': '',
      },
    },
  },
  '/v1/inbox/stream': {
    get: {
      summary:
        'The caller’s inbox as server-sent events: `id` = the cursor, `data` = the envelope; heartbeat comments while idle. Reconnect with `Last-Event-ID` (or `?after=`) to resume without gap or duplicate',
      tag: 'receiving',
      participantOnly: true,
      produces: 'text/event-stream',
      parameters: [
        { name: 'Last-Event-ID', in: 'header', required: false, schema: { type: 'string' } },
        query('after', 'A cursor to start after, when there is no Last-Event-ID'),
        ...FILTER,
      ],
      responses: {
        '200': 'An event stream',
        '401': '',
        '403': 'The admin token: it has no inbox or subscriptions',
        '422': '',
      },
    },
  },
  '/v1/subscriptions': {
    get: {
      summary: 'The caller’s webhook subscriptions',
      tag: 'receiving',
      participantOnly: true,
      responses: {
        '200': 'Subscriptions (never their secrets)',
        '401': '',
        '403': 'The admin token: it has no inbox or subscriptions',
      },
    },
    post: {
      summary:
        'Subscribe a webhook: each new delivery is POSTed (the envelope) with `X-CX-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`, retried with exponential backoff on timeouts and non-2xx, never again once answered 2xx; paused after repeated failures',
      tag: 'receiving',
      participantOnly: true,
      body: 'NewSubscription',
      responses: {
        '201': 'The subscription, with its id',
        '401': '',
        '403': 'The admin token: it has no inbox or subscriptions',
        '422': `Invalid, or the participant holds ${MAX_SUBSCRIPTIONS_PER_PARTICIPANT} subscriptions already (rule \`subscription.limit\`)`,
      },
    },
  },
  '/v1/subscriptions/{id}': {
    get: {
      summary: 'One subscription: status (`active`/`paused`), failures, and its recent delivery log',
      tag: 'receiving',
      participantOnly: true,
      responses: { '200': 'The subscription and `attempts`', '401': '', '404': '' },
    },
    patch: {
      summary:
        '`{"active": true}` resumes a paused subscription (at once, failures forgotten); `false` pauses it',
      tag: 'receiving',
      participantOnly: true,
      body: 'SubscriptionPatch',
      responses: { '200': 'The subscription', '401': '', '404': '', '422': '' },
    },
    delete: {
      summary: 'Delete a subscription and its log',
      tag: 'receiving',
      participantOnly: true,
      responses: { '204': 'Deleted', '401': '', '404': '' },
    },
  },
  '/v1/schemas': {
    get: {
      summary: 'Supported message types and versions',
      tag: 'schemas',
      responses: { '200': '[{type, version, $id}]', '401': '' },
    },
  },
  '/v1/schemas/{type}/{version}': {
    get: {
      summary: 'The JSON Schema (2020-12) of a type and version',
      tag: 'schemas',
      responses: { '200': 'The schema', '401': '', '422': '' },
    },
  },
  '/v1/admin/participants': {
    get: {
      summary: 'List participants',
      tag: 'admin',
      admin: true,
      responses: { '200': 'Participants', '401': '', '403': '' },
    },
    post: {
      summary: 'Create a participant and its first API key (shown once)',
      tag: 'admin',
      admin: true,
      body: 'NewParticipant',
      responses: { '201': '{participant, apiKey}', '401': '', '403': '', '409': '', '422': '' },
    },
  },
  '/v1/admin/participants/{id}': {
    get: {
      summary: 'One participant',
      tag: 'admin',
      admin: true,
      responses: { '200': 'The participant', '404': '' },
    },
    patch: {
      summary: 'Change name, locations or active',
      tag: 'admin',
      admin: true,
      body: 'ParticipantPatch',
      responses: { '200': 'The participant', '404': '', '422': '' },
    },
  },
  '/v1/admin/participants/{id}/keys': {
    post: {
      summary: 'Issue a further API key (rotation)',
      tag: 'admin',
      admin: true,
      responses: { '201': '{keyId, apiKey}', '404': '' },
    },
  },
  '/v1/admin/participants/{id}/keys/{keyId}': {
    delete: {
      summary: 'Revoke a key: it gets 401 from then on',
      tag: 'admin',
      admin: true,
      responses: { '204': 'Revoked', '404': '' },
    },
  },
  '/v1/admin/participants/{id}/kafka-credential': {
    post: {
      summary:
        "Issue the participant's own Kafka credential (SASL SCRAM, user name = participant id; the password is shown " +
        'once) with its ACLs: read `cx.deliver.<id>`, consumer groups `<id>.*`, write `cx.inbound.<id>`. Replaces an earlier one',
      tag: 'admin',
      admin: true,
      responses: {
        '201': '{username, password, mechanism, acls}',
        '404': '',
        '409': 'The participant is inactive',
      },
    },
    get: {
      summary: 'Whether the participant has Kafka access, and its ACLs',
      tag: 'admin',
      admin: true,
      responses: { '200': '{username, active, acls}', '404': '' },
    },
    delete: {
      summary:
        'Revoke the Kafka credential: ACLs and SCRAM credential deleted (deactivating a participant does it too)',
      tag: 'admin',
      admin: true,
      responses: { '204': 'Revoked', '404': '' },
    },
  },
  '/v1/admin/stats': {
    get: {
      summary:
        'Traffic (query `minutes`, 1–1440, default 30): counts by type and outcome, messages per minute by type and ' +
        'outcome, failures by rule, latency p50/p99, per-participant last activity and delivery lag, broker and database health',
      tag: 'admin',
      admin: true,
      responses: { '200': 'The statistics', '422': '' },
    },
  },
  '/v1/admin/dlq': {
    get: {
      summary: 'Dead letters, newest first (query `limit` 1–200, `offset`): {items, total, limit, offset}',
      tag: 'admin',
      admin: true,
      responses: { '200': 'One page of dead letters', '422': '' },
    },
  },
  '/v1/admin/dlq/{id}': {
    get: {
      summary: 'One dead letter with its full value',
      tag: 'admin',
      admin: true,
      responses: { '200': 'The dead letter', '404': '' },
    },
  },
  '/v1/admin/dlq/{id}/replay': {
    post: {
      summary:
        'Produce the record again to the inbound topic, to be validated again; records replayedAt and replayCount',
      tag: 'admin',
      admin: true,
      responses: { '202': '{id, status, topic, replayedAt, replayCount}', '404': '', '503': '' },
    },
  },
  '/v1/admin/messages': {
    get: {
      summary:
        'Search messages (query `id`, `consignmentRef`, `sender`, `type`, `status`, `from`, `to` as RFC 3339, `limit`, ' +
        '`offset`), newest first; acks only when asked for by type or id',
      tag: 'admin',
      admin: true,
      responses: { '200': '{items, total, limit, offset}', '422': '' },
    },
  },
  '/v1/admin/messages/{id}': {
    get: {
      summary: 'One message: its record, envelope, recipients, errors, deliveries and acks',
      tag: 'admin',
      admin: true,
      responses: { '200': '{message, envelope, deliveries, acks}', '404': '' },
    },
  },
};

function pathParams(path: string) {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
}

export function openApiDocument(serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [path, ops] of Object.entries(OPERATIONS)) {
    paths[path] = {};
    for (const [method, op] of Object.entries(ops)) {
      const responses: Record<string, unknown> = {};
      // Every route takes a key (checks throttled: 429) and query parameters given once (400).
      const codes = { '400': '', ...op.responses, '429': op.responses['429'] ?? '' };
      for (const [code, text] of Object.entries(codes)) {
        const isError = Number(code) >= 400;
        responses[code] = {
          description: text || ERRORS[code],
          ...(isError ? { content: { 'application/problem+json': { schema: problem } } } : {}),
          ...(!isError && op.produces ? { content: { [op.produces]: { schema: { type: 'string' } } } } : {}),
        };
      }
      paths[path][method] = {
        summary: op.summary,
        tags: [op.tag],
        parameters: [...pathParams(path), ...(op.parameters ?? [])],
        ...(op.body
          ? {
              requestBody: {
                required: true,
                content: { 'application/json': { schema: { $ref: `#/components/schemas/${op.body}` } } },
              },
            }
          : {}),
        responses,
        description: op.admin
          ? 'Requires the admin token.'
          : op.participantOnly
            ? 'Requires a participant’s API key (the admin token is refused).'
            : 'Requires a participant’s API key (the admin token may read).',
      };
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Corridor Exchange API',
      version: '1.0',
      description:
        'Electronic cargo data exchange of the Middle Corridor. Message payload schemas: GET /v1/schemas.',
    },
    servers: [{ url: serverUrl }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'A participant’s API key, or the admin token',
        },
      },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'detail'],
          properties: {
            type: { type: 'string', format: 'uri' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            errors: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  path: { type: 'string', description: 'JSON Pointer into the request body' },
                  message: { type: 'string' },
                  rule: { type: 'string' },
                },
              },
            },
          },
        },
        Envelope: {
          $ref: '/v1/schemas/envelope/1.0',
          description: 'See GET /v1/schemas for each type’s payload schema.',
        },
        EnvelopeArray: { type: 'array', maxItems: 500, items: { $ref: '#/components/schemas/Envelope' } },
        NewParticipant: {
          type: 'object',
          required: ['id', 'name', 'role', 'country', 'locations'],
          properties: {
            id: { type: 'string', pattern: '^[A-Z]{2}-[A-Z0-9]+(-[A-Z0-9]+)*$', maxLength: 64 },
            name: { type: 'string' },
            role: { enum: ['port', 'rail', 'carrier', 'customs', 'forwarder'] },
            country: { type: 'string', pattern: '^[A-Z]{2}$' },
            locations: { type: 'array', items: { type: 'string', pattern: '^[A-Z]{2}[A-Z2-9]{3}$' } },
          },
        },
        NewSubscription: {
          type: 'object',
          required: ['url', 'secret'],
          additionalProperties: false,
          properties: {
            url: {
              type: 'string',
              format: 'uri',
              maxLength: 2048,
              description: 'http or https, no credentials',
            },
            secret: { type: 'string', minLength: 16, maxLength: 256, description: 'Signs every delivery' },
            types: { type: 'array', items: { enum: MESSAGE_TYPES }, minItems: 1, maxItems: 20 },
            consignmentRef: { type: 'string' },
          },
        },
        SubscriptionPatch: {
          type: 'object',
          required: ['active'],
          additionalProperties: false,
          properties: { active: { type: 'boolean' } },
        },
        ParticipantPatch: {
          type: 'object',
          properties: {
            name: { type: 'string' },
            locations: { type: 'array', items: { type: 'string' } },
            active: { type: 'boolean' },
          },
        },
      },
    },
  };
}
