import { SCHEMA_FILES } from '../http/api-schemas';
import { ERRORS, OPERATIONS, Operation } from './operations';

type Schema = Record<string, unknown>;

/** What a schema file says about itself, not about the shape: dropped in the document. */
const OF_THE_FILE = new Set(['$schema', '$id', '$defs']);

/** Where the message schemas are served: the API's shapes refer to the envelope there. */
const ENVELOPE = {
  $ref: '/v1/schemas/envelope/1.0',
  description: 'See GET /v1/schemas for each type’s payload schema.',
};

/**
 * The components of the document: every shape of schemas/api/ under its title, and each `$defs` entry they use
 * (theirs or schemas/definitions.schema.json's) under its name, with the `$ref`s pointing inside the document.
 */
function components(): Record<string, Schema> {
  const files = new Map(SCHEMA_FILES.map(({ path, schema }) => [path, schema as Schema]));
  const out: Record<string, Schema> = { Envelope: ENVELOPE };
  const resolve = (from: string, ref: string): Schema => {
    const [file, fragment = ''] = ref.split('#');
    const path = file ? new URL(file, `file:///${from}`).pathname.slice(1) : from;
    const document = files.get(path);
    if (!document) throw new Error(`${from}: $ref ${ref} names no file of schemas/`);
    if (fragment === '')
      return path === 'envelope.schema.json' ? { $ref: '#/components/schemas/Envelope' } : add(path);
    const defName = /^\/\$defs\/([^/]+)$/.exec(fragment)?.[1];
    if (defName) return add(path, defName);
    const target = fragment
      .split('/')
      .slice(1)
      .reduce<unknown>((node, key) => (node as Schema)[key], document);
    return rewrite(path, target) as Schema;
  };
  const claimed = new Map<string, string>();
  const add = (path: string, defName?: string): Schema => {
    const document = files.get(path)!;
    const name = defName ?? String(document.title);
    const source = defName ? (document.$defs as Record<string, Schema>)[defName] : document;
    const key = `${path}#${defName ?? ''}`;
    if (claimed.get(name) === undefined) {
      claimed.set(name, key); // before descending: a shape may refer to itself
      const shape = Object.entries(source).filter(([keyword]) => !OF_THE_FILE.has(keyword));
      out[name] = rewrite(path, Object.fromEntries(shape)) as Schema;
    } else if (claimed.get(name) !== key)
      throw new Error(`schemas/: ${key} and ${claimed.get(name)} are both ${name}`);
    return { $ref: `#/components/schemas/${name}` };
  };
  const rewrite = (path: string, node: unknown): unknown => {
    if (Array.isArray(node)) return node.map((n) => rewrite(path, n));
    if (typeof node !== 'object' || node === null) return node;
    const { $ref, ...rest } = node as Schema;
    const copy = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, rewrite(path, v)]));
    return typeof $ref === 'string' ? { ...resolve(path, $ref), ...copy } : copy;
  };
  for (const path of files.keys()) if (path.startsWith('api/')) add(path);
  return out;
}

const DESCRIPTIONS: Record<Operation['access'], string> = {
  admin: 'Requires the admin token.',
  participant: 'Requires a participant’s API key (the admin token is refused).',
  'participant or admin': 'Requires a participant’s API key (the admin token may read).',
};

const json = (schema: Schema) => ({ 'application/json': { schema } });
const shape = (title: string): Schema =>
  title.startsWith('[')
    ? { type: 'array', items: shape(title.slice(1, -1)) }
    : { $ref: `#/components/schemas/${title}` };

const requestContent = (body: string, also: Operation['alsoAccepts']) => ({
  ...json(shape(body)),
  ...(also ? { [also.mediaType]: { schema: { type: 'string', description: also.description } } } : {}),
});

const pathParameters = (path: string) =>
  [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));

/**
 * Every status an operation documents: its own, and those the guard and the parameter check answer before any
 * handler runs: 400 (a parameter given twice), 401, 403 (a caller of the other kind) and 429 (key checks throttled).
 */
export function statusesOf(op: Operation): string[] {
  const forbidden = op.access === 'participant or admin' ? {} : { '403': '' };
  return Object.keys({ '400': '', '401': '', ...forbidden, ...op.responses, '429': '' });
}

function operation(path: string, op: Operation) {
  const responses = Object.fromEntries(
    statusesOf(op).map((code) => {
      const description = op.responses[code] || ERRORS[code];
      if (Number(code) >= 400)
        return [code, { description, content: { 'application/problem+json': { schema: shape('Problem') } } }];
      if (op.produces)
        return [code, { description, content: { [op.produces]: { schema: { type: 'string' } } } }];
      return [
        code,
        { description, ...(op.answer && code !== '204' ? { content: json(shape(op.answer)) } : {}) },
      ];
    }),
  );
  return {
    summary: op.summary,
    tags: [op.tag],
    parameters: [...pathParameters(path), ...(op.parameters ?? [])],
    ...(op.body ? { requestBody: { required: true, content: requestContent(op.body, op.alsoAccepts) } } : {}),
    responses,
    description: DESCRIPTIONS[op.access],
  };
}

/** The gateway's OpenAPI 3.1 document: the route table of ./operations over the shapes of schemas/api/. */
export function openApiDocument(serverUrl: string) {
  const paths = Object.fromEntries(
    Object.entries(OPERATIONS).map(([path, ops]) => [
      path,
      Object.fromEntries(Object.entries(ops).map(([method, op]) => [method, operation(path, op)])),
    ]),
  );
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
      schemas: components(),
    },
  };
}
