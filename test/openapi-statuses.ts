/**
 * Which test produces each status the OpenAPI document promises (`METHOD /path status` → `file › test title`):
 * test/openapi.e2e-spec.ts holds this ledger equal to the served document, and checks that each named test exists
 * and expects that status. A status documented without a test, or a test listed for a status no longer documented,
 * fails it.
 */
export const TESTED: Record<string, string> = {
  'POST /v1/messages 200': 'test/pipeline.e2e-spec.ts › an identical replay gets 200 with the first receipt',
  'POST /v1/messages 202': 'test/pipeline.e2e-spec.ts › an identical replay gets 200 with the first receipt',
  'POST /v1/messages 400':
    'test/edifact.e2e-spec.ts › syntax errors: 400 with the segment positions, as problem+json or as CONTRL',
  'POST /v1/messages 403': 'test/pipeline.e2e-spec.ts › 403 when the sender is not the caller',
  'POST /v1/messages 409': 'test/pipeline.e2e-spec.ts › the same id with other content 409',
  'POST /v1/messages 413': 'test/pipeline.e2e-spec.ts › 413 over 1 MiB',
  'POST /v1/messages 415': 'test/pipeline.e2e-spec.ts › 415 not JSON',
  'POST /v1/messages 422': 'test/pipeline.e2e-spec.ts › 422 with every violation',
  'POST /v1/messages/batch 200': 'test/pipeline.e2e-spec.ts › batch: each item judged as if sent alone',
  'POST /v1/messages/batch 400':
    'test/edifact.e2e-spec.ts › syntax errors: 400 with the segment positions, as problem+json or as CONTRL',
  'POST /v1/messages/batch 403':
    'test/edifact.e2e-spec.ts › an impostor UNB sender is refused (403), and so is a caller without an EDIFACT identity',
  'POST /v1/messages/batch 422': 'test/openapi.e2e-spec.ts › refuses an empty batch',
  'POST /v1/messages 503': 'test/faults/faults.faults-spec.ts › answers 503 while the broker is down',
  'POST /v1/messages/batch 503': 'test/faults/faults.faults-spec.ts › answers 503 while the broker is down',
  'GET /v1/messages/{id} 200': 'test/pipeline.e2e-spec.ts › GET /v1/messages/{id}: routed, for the sender',
  'GET /v1/messages/{id} 404': 'test/pipeline.e2e-spec.ts › 404 for anyone else',
  'GET /v1/consignments/{ref} 200':
    'test/pipeline.e2e-spec.ts › GET /v1/consignments/{ref}: parties and timeline',
  'GET /v1/consignments/{ref} 404': 'test/pipeline.e2e-spec.ts › 404 to others',
  'GET /v1/consignments/{ref}/evidence 200':
    'test/evidence.e2e-spec.ts › a declaration signed by the declarant is delivered with both signatures and verifies on the customs side',
  'GET /v1/consignments/{ref}/evidence 404': 'test/evidence.e2e-spec.ts › manages signing keys',
  'POST /v1/signing-keys 201': 'test/evidence.e2e-spec.ts › manages signing keys',
  'POST /v1/signing-keys 409': 'test/evidence.e2e-spec.ts › manages signing keys',
  'POST /v1/signing-keys 422': 'test/evidence.e2e-spec.ts › manages signing keys',
  'GET /v1/signing-keys 200': 'test/evidence.e2e-spec.ts › manages signing keys',
  'DELETE /v1/signing-keys/{kid} 200': 'test/evidence.e2e-spec.ts › manages signing keys',
  'DELETE /v1/signing-keys/{kid} 404': 'test/evidence.e2e-spec.ts › manages signing keys',
  'GET /v1/inbox 200': 'test/receiving.e2e-spec.ts › pages cover everything exactly once',
  'GET /v1/inbox 403':
    'test/receiving.e2e-spec.ts › needs a participant’s key: 401 without, 403 for the admin token',
  'GET /v1/inbox 422': 'test/receiving.e2e-spec.ts › refuses %s with a 422 naming the parameter',
  'GET /v1/inbox/stream 200': 'test/receiving.e2e-spec.ts › streams the inbox, resumes with Last-Event-ID',
  'GET /v1/inbox/stream 403': 'test/receiving.e2e-spec.ts › and the admin token with 403',
  'GET /v1/inbox/stream 422': 'test/receiving.e2e-spec.ts › refuses a bad Last-Event-ID with a 422',
  'GET /v1/subscriptions 200': 'test/openapi.e2e-spec.ts › manages a subscription',
  'POST /v1/subscriptions 201': 'test/openapi.e2e-spec.ts › manages a subscription',
  'POST /v1/subscriptions 422': 'test/receiving.e2e-spec.ts › refuses %s with 422',
  'GET /v1/subscriptions/{id} 200': 'test/openapi.e2e-spec.ts › manages a subscription',
  'GET /v1/subscriptions/{id} 404': 'test/openapi.e2e-spec.ts › manages a subscription',
  'PATCH /v1/subscriptions/{id} 200': 'test/openapi.e2e-spec.ts › manages a subscription',
  'PATCH /v1/subscriptions/{id} 404': 'test/openapi.e2e-spec.ts › manages a subscription',
  'PATCH /v1/subscriptions/{id} 422': 'test/openapi.e2e-spec.ts › manages a subscription',
  'DELETE /v1/subscriptions/{id} 204': 'test/openapi.e2e-spec.ts › manages a subscription',
  'DELETE /v1/subscriptions/{id} 404': 'test/openapi.e2e-spec.ts › manages a subscription',
  'GET /v1/schemas 200': 'test/openapi.e2e-spec.ts › serves the schema registry',
  'GET /v1/schemas/{type}/{version} 200': 'test/openapi.e2e-spec.ts › serves the schema registry',
  'GET /v1/schemas/{type}/{version} 422': 'test/openapi.e2e-spec.ts › serves the schema registry',
  'GET /v1/admin/participants 200': 'test/openapi.e2e-spec.ts › manages participants and their keys',
  'POST /v1/admin/participants 201': 'test/openapi.e2e-spec.ts › manages participants and their keys',
  'POST /v1/admin/participants 409': 'test/openapi.e2e-spec.ts › manages participants and their keys',
  'POST /v1/admin/participants 422': 'test/openapi.e2e-spec.ts › manages participants and their keys',
  'GET /v1/admin/participants/{id} 200': 'test/openapi.e2e-spec.ts › manages participants and their keys',
  'GET /v1/admin/participants/{id} 404': 'test/openapi.e2e-spec.ts › manages participants and their keys',
  'PATCH /v1/admin/participants/{id} 200': 'test/openapi.e2e-spec.ts › manages participants and their keys',
  'PATCH /v1/admin/participants/{id} 404': 'test/openapi.e2e-spec.ts › manages participants and their keys',
  'PATCH /v1/admin/participants/{id} 409':
    'test/edifact.e2e-spec.ts › an EDIFACT identity names one participant: another’s is 409',
  'PATCH /v1/admin/participants/{id} 422': 'test/openapi.e2e-spec.ts › manages participants and their keys',
  'GET /v1/admin/participants/{id}/keys 200':
    'test/openapi.e2e-spec.ts › manages participants and their keys',
  'GET /v1/admin/participants/{id}/keys 404':
    'test/openapi.e2e-spec.ts › manages participants and their keys',
  'POST /v1/admin/participants/{id}/keys 201':
    'test/openapi.e2e-spec.ts › manages participants and their keys',
  'POST /v1/admin/participants/{id}/keys 404':
    'test/openapi.e2e-spec.ts › manages participants and their keys',
  'DELETE /v1/admin/participants/{id}/keys/{keyId} 204':
    'test/openapi.e2e-spec.ts › manages participants and their keys',
  'DELETE /v1/admin/participants/{id}/keys/{keyId} 404':
    'test/openapi.e2e-spec.ts › manages participants and their keys',
  'POST /v1/admin/participants/{id}/kafka-credential 201':
    'test/examples.e2e-spec.ts › all three receive what is routed to GE-CUSTOMS',
  'POST /v1/admin/participants/{id}/kafka-credential 404':
    'test/openapi.e2e-spec.ts › manages participants and their keys',
  'POST /v1/admin/participants/{id}/kafka-credential 409':
    'test/kafka-security.e2e-spec.ts › takes a deactivated participant',
  'GET /v1/admin/participants/{id}/kafka-credential 200':
    'test/kafka-security.e2e-spec.ts › lists what a credential allows',
  'GET /v1/admin/participants/{id}/kafka-credential 404':
    'test/openapi.e2e-spec.ts › manages participants and their keys',
  'DELETE /v1/admin/participants/{id}/kafka-credential 204':
    'test/kafka-security.e2e-spec.ts › refuses a revoked credential within seconds',
  'DELETE /v1/admin/participants/{id}/kafka-credential 404':
    'test/openapi.e2e-spec.ts › manages participants and their keys',
  'GET /v1/admin/stats 200': 'test/openapi.e2e-spec.ts › answers the admin queries',
  'GET /v1/admin/stats 422': 'test/openapi.e2e-spec.ts › answers the admin queries',
  'GET /v1/admin/dlq 200': 'test/openapi.e2e-spec.ts › answers the admin queries',
  'GET /v1/admin/dlq 422': 'test/openapi.e2e-spec.ts › answers the admin queries',
  'GET /v1/admin/dlq/{id} 200':
    'test/kafka-security.e2e-spec.ts › is replayed to its own inbound topic, where its sender stays bound to it',
  'GET /v1/admin/dlq/{id} 404': 'test/openapi.e2e-spec.ts › answers the admin queries',
  'POST /v1/admin/dlq/{id}/replay 202':
    'test/kafka-security.e2e-spec.ts › is replayed to its own inbound topic',
  'POST /v1/admin/dlq/{id}/replay 503':
    'test/faults/faults.faults-spec.ts › answers 503 while the broker is down',
  'POST /v1/admin/dlq/{id}/replay 404': 'test/openapi.e2e-spec.ts › answers the admin queries',
  'GET /v1/admin/messages 200': 'test/openapi.e2e-spec.ts › answers the admin queries',
  'GET /v1/admin/messages 422': 'test/openapi.e2e-spec.ts › answers the admin queries',
  'GET /v1/admin/messages/{id} 200': 'test/openapi.e2e-spec.ts › answers the admin queries',
  'GET /v1/admin/messages/{id} 404': 'test/openapi.e2e-spec.ts › answers the admin queries',
};

/** Statuses every route of an audience answers before its handler runs, and the test that walks every route. */
export const EVERY_ROUTE: Record<string, string> = {
  '401': 'test/security/access.e2e-spec.ts › refuses a caller without a key on every non-public route',
  '403': 'test/security/access.e2e-spec.ts › refuses a caller of the wrong kind on every route',
  '400': 'test/openapi.e2e-spec.ts › refuses a query parameter given twice on every route',
  '429': 'test/openapi.e2e-spec.ts › throttles key checks on every route',
};
