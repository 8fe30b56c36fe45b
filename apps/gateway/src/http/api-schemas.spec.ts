import { PARTICIPANT_ID_MAX_LENGTH, PARTICIPANT_ROLES } from '@cx/contracts';
import { MIN_SECRET_LENGTH, parseSubscriptionInput } from '@cx/webhooks';
import { openApiDocument } from '../docs/openapi';
import { BATCH_LIMIT } from '../messages/batch-limit';
import { API_SCHEMAS, apiViolations, isValid } from './api-schemas';

const refsIn = (node: unknown): string[] =>
  typeof node !== 'object' || node === null
    ? []
    : Object.entries(node).flatMap(([k, v]) => (k === '$ref' && typeof v === 'string' ? [v] : refsIn(v)));

describe('schemas/api', () => {
  it.each([...API_SCHEMAS.keys()])('%s compiles in strict mode', (title) => {
    expect(() => isValid(title, {})).not.toThrow();
  });

  it('gives the constants the code uses', () => {
    expect([BATCH_LIMIT, MIN_SECRET_LENGTH, PARTICIPANT_ID_MAX_LENGTH]).toEqual([500, 16, 64]);
    expect(PARTICIPANT_ROLES).toEqual(['port', 'rail', 'carrier', 'customs', 'forwarder']);
  });

  it('words a violation as the schema says, and otherwise as the message schemas do', () => {
    expect(
      apiViolations('NewParticipant', { id: 'KZ-X', name: 'X', role: 'ferry', country: 'KZ', zz: 1 }),
    ).toEqual([
      { path: '/locations', message: 'is required', rule: 'schema.required' },
      { path: '/role', message: `must be one of ${PARTICIPANT_ROLES.join(', ')}`, rule: 'schema.enum' },
      { path: '/zz', message: 'is not allowed', rule: 'schema.additionalProperties' },
    ]);
  });
});

describe('NewSubscription', () => {
  const good = { url: 'https://receiver.example/hook', secret: 'x'.repeat(MIN_SECRET_LENGTH) };

  // libs/webhooks checks the body itself, for its own rule names: the schema documents the same bounds.
  it.each([
    good,
    { ...good, types: ['ack', 'ack'], consignmentRef: 'KTZ-2026-000123' },
    { ...good, secret: 'x'.repeat(MIN_SECRET_LENGTH - 1) },
    { ...good, secret: 'x'.repeat(257) },
    { ...good, types: [] },
    { ...good, types: ['telegram'] },
    { ...good, types: Array(21).fill('ack') },
    { ...good, consignmentRef: '-x' },
    { ...good, filter: {} },
    { ...good, format: 'edifact' },
    { ...good, format: 'json' },
    { ...good, format: 'EDIFACT' },
    { ...good, format: null },
    { url: good.url },
    [good],
  ])('agrees with parseSubscriptionInput on %j', (body) => {
    expect(isValid('NewSubscription', body)).toBe(parseSubscriptionInput(body).input !== undefined);
  });
});

describe('the OpenAPI document', () => {
  const document = openApiDocument('http://gateway.example');

  it('refers only to its own components, and to the envelope where it is served', () => {
    const components = Object.keys(document.components.schemas).map((name) => `#/components/schemas/${name}`);
    const dangling = refsIn(document).filter((ref) => !components.includes(ref));
    expect(dangling).toEqual(['/v1/schemas/envelope/1.0']);
  });

  it('takes its limits from the schemas', () => {
    const schemas = document.components.schemas;
    expect(schemas.MessageBatch).toMatchObject({ maxItems: BATCH_LIMIT });
    expect(schemas.NewSubscription).toMatchObject({
      properties: { secret: { minLength: MIN_SECRET_LENGTH } },
    });
    expect(schemas.participantRole).toMatchObject({ enum: PARTICIPANT_ROLES });
  });
});
