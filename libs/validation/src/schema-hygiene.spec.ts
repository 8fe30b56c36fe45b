import { SENDER_ROLES } from '@cx/contracts';
import { SchemaRegistry, type JsonSchemaObject } from './schema-registry';

/**
 * House rules of schemas/: closed objects, bounded strings, numbers and arrays, and required properties that
 * exist. Ajv's strict mode checks keywords and types; these bounds are ours.
 */
const registry = SchemaRegistry.load();

type Node = { pointer: string; schema: Record<string, unknown> };

function subschemas(schema: unknown, pointer: string): Node[] {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return [];
  const node = schema as Record<string, unknown>;
  const children: Node[] = [{ pointer, schema: node }];
  for (const keyword of ['properties', '$defs']) {
    const map = node[keyword] as Record<string, unknown> | undefined;
    for (const [name, child] of Object.entries(map ?? {})) {
      children.push(...subschemas(child, `${pointer}/${keyword}/${name}`));
    }
  }
  for (const keyword of ['items', 'if', 'then', 'else', 'not']) {
    children.push(...subschemas(node[keyword], `${pointer}/${keyword}`));
  }
  for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
    const list = (node[keyword] as unknown[] | undefined) ?? [];
    list.forEach((child, i) => children.push(...subschemas(child, `${pointer}/${keyword}/${i}`)));
  }
  return children;
}

const nodes = registry
  .all()
  .flatMap((document: JsonSchemaObject) => subschemas(document, document.$id ?? '?'));
const ofType = (type: string) =>
  nodes.filter((n) => n.schema.type === type).map((n) => [n.pointer, n.schema] as const);
/** The envelope's payload is closed by the schema of its type, chosen at run time. */
const OPEN_BY_DESIGN = [`${registry.envelope.$id}/properties/payload`];

describe('schemas/', () => {
  it.each(ofType('object'))('%s is closed', (pointer, schema) => {
    if (OPEN_BY_DESIGN.includes(pointer)) return;
    if (schema.oneOf) return; // a discriminated union: each branch is closed
    expect(schema.additionalProperties).toBe(false);
  });

  it.each(ofType('string'))('%s has a maxLength', (_pointer, schema) => {
    expect(typeof schema.maxLength).toBe('number');
  });

  it.each([...ofType('number'), ...ofType('integer')])(
    '%s has a lower and an upper bound',
    (_pointer, schema) => {
      expect(schema.minimum ?? schema.exclusiveMinimum).toEqual(expect.any(Number));
      expect(schema.maximum ?? schema.exclusiveMaximum).toEqual(expect.any(Number));
    },
  );

  it.each(ofType('array'))('%s has a maxItems', (_pointer, schema) => {
    expect(typeof schema.maxItems).toBe('number');
  });

  it.each(
    nodes.filter((n) => n.schema.pattern || n.schema.format).map((n) => [n.pointer, n.schema] as const),
  )('%s says in x-expected what it expects', (_pointer, schema) => {
    expect(schema['x-expected']).toEqual(expect.any(String));
  });

  it('requires only properties it declares (beside an if/then, the enclosing object declares them)', () => {
    for (const { pointer, schema } of nodes) {
      const declared = Object.keys((schema.properties as object | undefined) ?? {});
      const enclosing = nodes.find(
        (n) => pointer.startsWith(`${n.pointer}/`) && /\/(then|else)$/.test(pointer),
      );
      const known = [...declared, ...Object.keys((enclosing?.schema.properties as object | undefined) ?? {})];
      for (const name of (schema.required as string[] | undefined) ?? []) expect(known).toContain(name);
    }
  });

  it('lists in the envelope exactly the types that have schemas and sender roles', () => {
    const envelopeTypes = (
      registry.envelope.properties as Record<string, { enum: string[] }>
    ).type.enum.slice();
    expect(envelopeTypes.sort()).toEqual(registry.types());
    expect(Object.keys(SENDER_ROLES).sort()).toEqual(registry.types());
  });
});
