import { readSchemaFiles, findSchemasDir } from './schema-files';
import type { Violation } from '@cx/contracts';

/** A JSON Schema document as read from disk. */
export type JsonSchemaObject = { $id?: string; [keyword: string]: unknown };

export interface SchemaDocument {
  /** Path under `schemas/`, e.g. `v1.0/consignment.note.schema.json`. */
  path: string;
  schema: JsonSchemaObject;
}

/** One payload schema, as `GET /v1/schemas` lists it. */
export interface SchemaInfo {
  type: string;
  version: string;
  $id: string;
}

/** Every `$id` is this base plus the file's path under `schemas/`, so relative `$ref`s work on disk too. */
export const SCHEMA_BASE_URI = 'https://schemas.corridor-exchange.example/';
export const ENVELOPE_SCHEMA_PATH = 'envelope.schema.json';
export const DEFINITIONS_SCHEMA_PATH = 'definitions.schema.json';
const PAYLOAD_SCHEMA_PATH =
  /^v((?:0|[1-9][0-9]{0,2})\.(?:0|[1-9][0-9]{0,2}))\/([a-z]+(?:\.[a-z]+)*)\.schema\.json$/;

/**
 * The schemas of the exchange: the envelope, the shared definitions, and one payload schema per type and
 * version, discovered from the files (`schemas/v<version>/<type>.schema.json`).
 */
export class SchemaRegistry {
  private readonly documents = new Map<string, JsonSchemaObject>();
  private readonly payloads = new Map<string, Map<string, SchemaInfo>>();

  /** Reads `schemas/` (by default the repository's), but for `schemas/api/`: the HTTP API's shapes, not messages. */
  static load(dir: string = findSchemasDir()): SchemaRegistry {
    return new SchemaRegistry(readSchemaFiles(dir).filter(({ path }) => !path.startsWith('api/')));
  }

  constructor(documents: readonly SchemaDocument[]) {
    for (const { path, schema } of documents) this.add(path, schema);
    for (const required of [ENVELOPE_SCHEMA_PATH, DEFINITIONS_SCHEMA_PATH]) {
      if (!this.documents.has(SCHEMA_BASE_URI + required)) throw new Error(`schemas: ${required} is missing`);
    }
  }

  get envelope(): JsonSchemaObject {
    return this.byId(SCHEMA_BASE_URI + ENVELOPE_SCHEMA_PATH) as JsonSchemaObject;
  }

  /** Every document, envelope and definitions included, for a validator to compile. */
  all(): JsonSchemaObject[] {
    return [...this.documents.values()];
  }

  byId($id: string): JsonSchemaObject | undefined {
    return this.documents.get($id);
  }

  /** Payload schemas by type, then version (oldest first). */
  list(): SchemaInfo[] {
    return this.types().flatMap((type) => [...this.payloads.get(type)!.values()]);
  }

  types(): string[] {
    return [...this.payloads.keys()].sort();
  }

  /** Versions of `type`, oldest first; empty for an unknown type. */
  versions(type: string): string[] {
    return [...(this.payloads.get(type)?.keys() ?? [])];
  }

  get(type: string, version: string): JsonSchemaObject | undefined {
    const info = this.payloads.get(type)?.get(version);
    return info && this.documents.get(info.$id);
  }

  /**
   * Why `type` (at `version`, when given) cannot be validated, naming what is supported; undefined when it can.
   */
  unsupported(type: string, version?: string): Violation | undefined {
    const versions = this.payloads.get(type);
    if (!versions) {
      return {
        path: '/type',
        rule: 'type.supported',
        message: `is not a supported message type; supported types are ${this.types().join(', ')}`,
      };
    }
    if (version !== undefined && !versions.has(version)) {
      return {
        path: '/version',
        rule: 'version.supported',
        message: `is not a supported version of ${type}; supported versions are ${[...versions.keys()].join(', ')}`,
      };
    }
    return undefined;
  }

  private add(path: string, schema: JsonSchemaObject): void {
    const $id = SCHEMA_BASE_URI + path;
    if (schema.$id !== $id) throw new Error(`schemas/${path}: $id must be ${$id}, is ${String(schema.$id)}`);
    this.documents.set($id, schema);
    const payload = PAYLOAD_SCHEMA_PATH.exec(path);
    if (payload) this.addPayload({ type: payload[2], version: payload[1], $id });
    else if (path !== ENVELOPE_SCHEMA_PATH && path !== DEFINITIONS_SCHEMA_PATH) {
      throw new Error(
        `schemas/${path}: not the envelope, the definitions, nor v<major.minor>/<type>.schema.json`,
      );
    }
  }

  private addPayload(info: SchemaInfo): void {
    const versions = [...(this.payloads.get(info.type)?.values() ?? []), info].sort((a, b) =>
      compareVersions(a.version, b.version),
    );
    this.payloads.set(info.type, new Map(versions.map((entry) => [entry.version, entry])));
  }
}

/** Orders `major.minor` versions numerically (1.10 after 1.9). */
export function compareVersions(a: string, b: string): number {
  const [aMajor, aMinor] = a.split('.').map(Number);
  const [bMajor, bMinor] = b.split('.').map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}
