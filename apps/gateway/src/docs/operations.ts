import { MAX_JSON_DEPTH, MESSAGE_TYPES } from '@cx/contracts';
import { INBOX_DEFAULT_LIMIT, INBOX_MAX_LIMIT } from '@cx/inbox';
import { MAX_SUBSCRIPTIONS_PER_PARTICIPANT } from '@cx/webhooks';
import { PAGE_MAX, STATUSES, WINDOW_MAX_MINUTES } from '../admin/query-input';
import { BATCH_LIMIT } from '../messages/batch-limit';

/** Who may call an operation, as its controller's `@Access` says (test/openapi.e2e-spec.ts holds them equal). */
export type Audience = 'admin' | 'participant' | 'participant or admin';

/** One operation of the API: what the OpenAPI document says beside the shapes of schemas/api/. */
export interface Operation {
  summary: string;
  tag: string;
  access: Audience;
  /** The request body: the title of a schema of schemas/api/ (or `Envelope`). */
  body?: string;
  /** Another media type the body may have, and what it holds. */
  alsoAccepts?: { mediaType: string; description: string };
  /** The success answer's shape: a title of schemas/api/, `[Title]` for a list of them. */
  answer?: string;
  /** A success answer that is not JSON. */
  produces?: string;
  /** Query parameters (and headers) beside the path's own. */
  parameters?: Parameter[];
  /** Status → description; '' takes the common one (ERRORS). See statusesOf for those every operation has. */
  responses: Record<string, string>;
}

export interface Parameter {
  name: string;
  in: 'query' | 'header';
  required: false;
  description?: string;
  schema: Record<string, unknown>;
}

const query = (name: string, description: string, schema: Record<string, unknown> = { type: 'string' }) =>
  ({ name, in: 'query', required: false, description, schema }) as const;
const range = (min: number, max: number, fallback: number) =>
  ({ type: 'integer', minimum: min, maximum: max, default: fallback }) as const;
const FILTER = [
  query('types', `Comma list of message types to include, among ${MESSAGE_TYPES.join(', ')}`),
  query('consignmentRef', 'Only this consignment’s messages'),
];
const PAGE = [
  query('limit', `Items per page, 1 to ${PAGE_MAX}`, range(1, PAGE_MAX, 50)),
  query('offset', 'Items to skip', range(0, 1_000_000, 0)),
];
const ERRORS_400 = `Malformed JSON, not an object, not valid UTF-8, an object with a duplicate key, U+0000 in a string or a parameter, nesting deeper than ${MAX_JSON_DEPTH} levels, or a query parameter given more than once`;

const EDIFACT_BODY = {
  mediaType: 'application/EDIFACT',
  description:
    'A UN/EDIFACT interchange (RFC 1767; UNB…UNZ, one or more UNH…UNT: IFTSTA, CODECO, CUSCAR, IFTMIN, CUSRES; docs/edifact.md) from the caller’s EDIFACT identity. Each message is judged as a JSON envelope; the answer is 200 with one result a message (as the batch’s, with `messageReference` and `message`), or with `Accept: application/EDIFACT` an APERAK interchange. A signed interchange (X-CX-JWS over its exact bytes) holds exactly one message (else 422 `signature.single-message`). Issue 16: the contract answered 415 here.',
};
const EDIFACT_400 = `${ERRORS_400}; or an interchange with a syntax error (rules \`edifact.*\`, each with its position in \`edifact\`, e.g. \`UNH 1 / UNT 12 / 0074\`), nothing of it accepted; with \`Accept: application/EDIFACT\` the body is a CONTRL interchange`;
const EDIFACT_403 =
  'The sender is not the caller: for an interchange, a UNB sender that is not the caller’s EDIFACT identity (rule `edifact.sender-is-caller`)';
const FORMAT = query(
  'format',
  '`json` (default) or `edifact`: each delivery as a UN/EDIFACT interchange of its own (IFTSTA, CUSCAR, IFTMIN, CUSRES, APERAK; UNB 0020 = its seq) from CX-EXCHANGE:ZZZ to the caller’s EDIFACT identity; a type without an EDIFACT message (customs.declaration) stays JSON',
  { type: 'string', enum: ['json', 'edifact'], default: 'json' },
);
const NO_INBOX = 'The admin token: it has no inbox or subscriptions';

/** What an error status means when an operation says no more. */
export const ERRORS: Record<string, string> = {
  '400': ERRORS_400,
  '401': 'No API key, or a bad or revoked one',
  '403': 'The sender is not the caller, or the caller may not do this',
  '404': 'Not found, or not visible to the caller',
  '409': 'The id was already used for other content, or the participant (or its EDIFACT id) exists',
  '413': 'Over 1 MiB',
  '415': 'Not application/json (the message routes also take application/EDIFACT)',
  '422':
    'Schema or rule violations: all of them, each with a JSON Pointer and the rule (`consignment.owner`: a consignment.note under a ref another participant’s note opened; `replaces.*`: a correction (`supersedes`, standard 1.2) or `message.cancellation` that may not replace the message it names, see the README; `signature.required`, `signature.key`, `signature.invalid`: the sender’s JWS in X-CX-JWS; `signature.single-message`: a signed EDIFACT interchange of more than one message, refused whole)',
  '429':
    'Over the caller’s rate, or too many failed or concurrent API-key checks for this key id or from this address: see Retry-After',
  '503':
    'Kafka or the database unavailable (or no acknowledgment within CX_KAFKA_ACK_TIMEOUT_MS); not accepted: retry with the same ids, which is safe',
};

/** Every operation the gateway serves under /v1, by OpenAPI path and method. */
export const OPERATIONS: Record<string, Record<string, Operation>> = {
  '/v1/messages': {
    post: {
      summary: 'Submit one envelope; 202 once it is durably in Kafka, 200 for an identical replay',
      tag: 'messages',
      access: 'participant',
      body: 'Envelope',
      parameters: [
        {
          name: 'X-CX-JWS',
          in: 'header',
          required: false,
          description:
            'The sender’s JWS (compact, detached payload: `header..signature`) over the exact bytes of the body (for application/EDIFACT: the interchange’s, which must then hold one message); `kid` names a key registered with POST /v1/signing-keys. Required for the types of CX_SIGNATURE_REQUIRED (customs.declaration, customs.decision by default). Batch items carry none',
          schema: { type: 'string' },
        },
      ],
      alsoAccepts: EDIFACT_BODY,
      responses: {
        '202': 'Accepted: the receipt',
        '200': 'Identical replay: the first receipt; for an EDIFACT interchange, one result a message',
        '400': EDIFACT_400,
        '403': EDIFACT_403,
        '409': '',
        '413': '',
        '415': '',
        '422': '',
        '503': '',
      },
    },
  },
  '/v1/messages/batch': {
    post: {
      summary: `Submit up to ${BATCH_LIMIT} envelopes, each judged as if sent alone`,
      tag: 'messages',
      access: 'participant',
      body: 'MessageBatch',
      alsoAccepts: EDIFACT_BODY,
      responses: {
        '200': 'One result per item',
        '400': EDIFACT_400,
        '403': EDIFACT_403,
        '422': '',
        '503': '',
      },
    },
  },
  '/v1/messages/{id}': {
    get: {
      summary: 'A message’s status: accepted, routed, rejected, superseded or cancelled',
      tag: 'messages',
      access: 'participant or admin',
      answer: 'MessageStatus',
      responses: { '200': 'The message', '404': '' },
    },
  },
  '/v1/consignments/{ref}': {
    get: {
      summary: 'A consignment’s parties, last event and timeline',
      tag: 'consignments',
      access: 'participant or admin',
      answer: 'Consignment',
      responses: { '200': 'The consignment', '404': '' },
    },
  },
  '/v1/consignments/{ref}/evidence': {
    get: {
      summary:
        'The consignment’s evidence bundle: its messages as received with their signatures and receipts, the senders’ keys, the hash chain from its first entry to a head signed now, and the exchange’s keys. Check it offline with `npm run verify -- bundle.json`. A body pruned under the retention policy comes empty, marked `pruned` (its chain entry stays)',
      tag: 'consignments',
      access: 'participant or admin',
      answer: 'EvidenceBundle',
      responses: { '200': 'The bundle', '404': '' },
    },
  },
  '/v1/signing-keys': {
    post: {
      summary:
        'Register a public signing key (Ed25519 or P-256 JWK) for the caller’s messages; its `kid` is the key’s RFC 7638 thumbprint',
      tag: 'signing',
      access: 'participant',
      body: 'NewSigningKey',
      answer: 'SigningKey',
      responses: {
        '201': 'Registered',
        '409': 'The key is registered already',
        '422': 'Not a public Ed25519 or P-256 JWK',
      },
    },
    get: {
      summary: 'The caller’s signing keys, revoked ones included (the admin: everyone’s)',
      tag: 'signing',
      access: 'participant or admin',
      answer: '[SigningKey]',
      responses: { '200': 'The keys' },
    },
  },
  '/v1/signing-keys/{kid}': {
    delete: {
      summary:
        'Revoke a signing key (the admin: anyone’s): it verifies no message received from now on; earlier signatures stay verifiable',
      tag: 'signing',
      access: 'participant or admin',
      answer: 'SigningKey',
      responses: { '200': 'The key, with `revokedAt`', '404': '' },
    },
  },
  '/v1/inbox': {
    get: {
      summary:
        'The caller’s inbox: every message routed to it (acks included) in delivery order, a page at a time. Pass the page’s `next` as `after` to go on; cursors are opaque and stable under concurrent writes',
      tag: 'receiving',
      access: 'participant',
      parameters: [
        query('after', 'A cursor: an item’s `cursor` or a page’s `next`; absent: from the start'),
        query(
          'limit',
          `Items per page, 1 to ${INBOX_MAX_LIMIT} (default ${INBOX_DEFAULT_LIMIT})`,
          range(1, INBOX_MAX_LIMIT, INBOX_DEFAULT_LIMIT),
        ),
        ...FILTER,
        FORMAT,
      ],
      responses: {
        '200':
          '{items:[{cursor, message, jws, receipt}], next}: `jws` the sender’s signature (or null), `receipt` the exchange’s, and `interchange` (SHA-256) when `jws` covers the signed EDIFACT interchange the message was translated from (its bytes are in the evidence bundle); with format=edifact an item is {cursor, type, edifact, jws, receipt}',
        '403': NO_INBOX,
        '422': '',
      },
    },
  },
  '/v1/inbox/stream': {
    get: {
      summary:
        'The caller’s inbox as server-sent events: `id` = the cursor, `data` = the envelope (with format=edifact: event `edifact`, `data` = the interchange); heartbeat comments while idle. Reconnect with `Last-Event-ID` (or `?after=`) to resume without gap or duplicate',
      tag: 'receiving',
      access: 'participant',
      produces: 'text/event-stream',
      parameters: [
        { name: 'Last-Event-ID', in: 'header', required: false, schema: { type: 'string' } },
        query('after', 'A cursor to start after, when there is no Last-Event-ID'),
        ...FILTER,
        FORMAT,
      ],
      responses: { '200': 'An event stream', '403': NO_INBOX, '422': '' },
    },
  },
  '/v1/subscriptions': {
    get: {
      summary: 'The caller’s webhook subscriptions',
      tag: 'receiving',
      access: 'participant',
      responses: { '200': 'Subscriptions (never their secrets)', '403': NO_INBOX },
    },
    post: {
      summary:
        'Subscribe a webhook: each new delivery is POSTed (the envelope) with `X-CX-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`, retried with exponential backoff on timeouts and non-2xx, never again once answered 2xx; paused after repeated failures',
      tag: 'receiving',
      access: 'participant',
      body: 'NewSubscription',
      responses: {
        '201': 'The subscription, with its id',

        '403': NO_INBOX,
        '422': `Invalid, or the participant holds ${MAX_SUBSCRIPTIONS_PER_PARTICIPANT} subscriptions already (rule \`subscription.limit\`)`,
      },
    },
  },
  '/v1/subscriptions/{id}': {
    get: {
      summary: 'One subscription: status (`active`/`paused`), failures, and its recent delivery log',
      tag: 'receiving',
      access: 'participant',
      responses: { '200': 'The subscription and `attempts`', '404': '' },
    },
    patch: {
      summary:
        '`{"active": true}` resumes a paused subscription (at once, failures forgotten); `false` pauses it',
      tag: 'receiving',
      access: 'participant',
      body: 'SubscriptionPatch',
      responses: { '200': 'The subscription', '404': '', '422': '' },
    },
    delete: {
      summary: 'Delete a subscription and its log',
      tag: 'receiving',
      access: 'participant',
      responses: { '204': 'Deleted', '404': '' },
    },
  },
  '/v1/schemas': {
    get: {
      summary: 'Supported message types and versions',
      tag: 'schemas',
      access: 'participant or admin',
      responses: { '200': '[{type, version, $id}]' },
    },
  },
  '/v1/schemas/{type}/{version}': {
    get: {
      summary: 'The JSON Schema (2020-12) of a type and version',
      tag: 'schemas',
      access: 'participant or admin',
      responses: { '200': 'The schema', '422': '' },
    },
  },
  '/v1/admin/participants': {
    get: {
      summary: 'List participants (query `role`, `country`, `active`)',
      tag: 'admin',
      access: 'admin',
      answer: '[Participant]',
      parameters: [
        query('role', 'Only participants of this role'),
        query('country', 'Only participants of this country'),
        query('active', '`true` or `false`'),
      ],
      responses: { '200': 'Participants' },
    },
    post: {
      summary: 'Create a participant and its first API key (shown once)',
      tag: 'admin',
      access: 'admin',
      body: 'NewParticipant',
      responses: { '201': '{participant, apiKey}', '409': '', '422': '' },
    },
  },
  '/v1/admin/participants/{id}': {
    get: {
      summary: 'One participant',
      tag: 'admin',
      access: 'admin',
      answer: 'Participant',
      responses: { '200': 'The participant', '404': '' },
    },
    patch: {
      summary: 'Change name, locations, active or the EDIFACT identity',
      tag: 'admin',
      access: 'admin',
      body: 'ParticipantPatch',
      answer: 'Participant',
      responses: {
        '200': 'The participant',
        '404': '',
        '409': 'Another participant holds that EDIFACT id',
        '422': '',
      },
    },
  },
  '/v1/admin/participants/{id}/keys': {
    get: {
      summary: 'The participant’s API keys: ids and dates, never the keys',
      tag: 'admin',
      access: 'admin',
      responses: { '200': '[{keyId, createdAt, revokedAt}]', '404': '' },
    },
    post: {
      summary: 'Issue a further API key (rotation)',
      tag: 'admin',
      access: 'admin',
      responses: { '201': '{keyId, apiKey}', '404': '' },
    },
  },
  '/v1/admin/participants/{id}/keys/{keyId}': {
    delete: {
      summary: 'Revoke a key: it gets 401 from then on',
      tag: 'admin',
      access: 'admin',
      responses: { '204': 'Revoked', '404': '' },
    },
  },
  '/v1/admin/participants/{id}/kafka-credential': {
    post: {
      summary:
        "Issue the participant's own Kafka credential (SASL SCRAM, user name = participant id; the password is shown " +
        'once) with its ACLs: read `cx.deliver.<id>`, consumer groups `<id>.*`, write `cx.inbound.<id>`. Replaces an earlier one',
      tag: 'admin',
      access: 'admin',
      responses: {
        '201': '{username, password, mechanism, acls}',
        '404': '',
        '409': 'The participant is inactive',
      },
    },
    get: {
      summary: 'Whether the participant has Kafka access, and its ACLs',
      tag: 'admin',
      access: 'admin',
      responses: { '200': '{username, active, acls}', '404': '' },
    },
    delete: {
      summary:
        'Revoke the Kafka credential: ACLs and SCRAM credential deleted (deactivating a participant does it too)',
      tag: 'admin',
      access: 'admin',
      responses: { '204': 'Revoked', '404': '' },
    },
  },
  '/v1/admin/stats': {
    get: {
      summary:
        'Traffic: counts by type and outcome, messages per minute by type and outcome, failures by rule, latency ' +
        'p50/p99, per-participant last activity and delivery lag, broker and database health',
      tag: 'admin',
      access: 'admin',
      answer: 'Stats',
      parameters: [query('minutes', 'The recent window', range(1, WINDOW_MAX_MINUTES, 30))],
      responses: { '200': 'The statistics', '422': '' },
    },
  },
  '/v1/admin/dlq': {
    get: {
      summary: 'Dead letters, newest first',
      tag: 'admin',
      access: 'admin',
      answer: 'DeadLetterPage',
      parameters: PAGE,
      responses: { '200': 'One page of dead letters', '422': '' },
    },
  },
  '/v1/admin/dlq/{id}': {
    get: {
      summary: 'One dead letter with its full value',
      tag: 'admin',
      access: 'admin',
      answer: 'DeadLetter',
      responses: { '200': 'The dead letter', '404': '' },
    },
  },
  '/v1/admin/dlq/{id}/replay': {
    post: {
      summary:
        'Produce the record again to the inbound topic, to be validated again; records replayedAt and replayCount',
      tag: 'admin',
      access: 'admin',
      responses: { '202': '{id, status, topic, replayedAt, replayCount}', '404': '', '503': '' },
    },
  },
  '/v1/admin/messages': {
    get: {
      summary:
        'Search messages, newest first; acks only when asked for by type or id; counted up to 10,000 (totalCapped)',
      tag: 'admin',
      access: 'admin',
      answer: 'MessagePage',
      parameters: [
        ...['id', 'consignmentRef', 'sender', 'type'].map((name) => query(name, `Only this ${name}`)),
        query('status', 'The outcome', { enum: STATUSES }),
        query('from', 'Received at or after (RFC 3339)'),
        query('to', 'Received before (RFC 3339)'),
        ...PAGE,
      ],
      responses: { '200': '{items, total, totalCapped, limit, offset}', '422': '' },
    },
  },
  '/v1/admin/messages/{id}': {
    get: {
      summary: 'One message: its record, envelope, recipients, errors, deliveries and acks',
      tag: 'admin',
      access: 'admin',
      answer: 'MessageDetail',
      responses: { '200': '{message, envelope, deliveries, acks}', '404': '' },
    },
  },
};
