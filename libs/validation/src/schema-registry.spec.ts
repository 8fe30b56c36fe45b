import { join } from 'node:path';
import { findSchemasDir } from './schema-files';
import { SCHEMA_BASE_URI, SchemaRegistry, compareVersions, type SchemaDocument } from './schema-registry';

const document = (path: string, extra: object = {}): SchemaDocument => ({
  path,
  schema: { $id: SCHEMA_BASE_URI + path, ...extra },
});
const minimal = [document('envelope.schema.json'), document('definitions.schema.json')];

describe('SchemaRegistry', () => {
  it('discovers types and versions from file paths, oldest version first', () => {
    const registry = new SchemaRegistry([
      ...minimal,
      document('v1.10/transport.status.schema.json'),
      document('v1.0/transport.status.schema.json'),
      document('v1.2/transport.status.schema.json'),
      document('v1.0/ack.schema.json'),
    ]);
    expect(registry.types()).toEqual(['ack', 'transport.status']);
    expect(registry.versions('transport.status')).toEqual(['1.0', '1.2', '1.10']);
    expect(registry.list()[0]).toEqual({
      type: 'ack',
      version: '1.0',
      $id: `${SCHEMA_BASE_URI}v1.0/ack.schema.json`,
    });
    expect(registry.get('transport.status', '1.2')?.$id).toBe(
      `${SCHEMA_BASE_URI}v1.2/transport.status.schema.json`,
    );
    expect(registry.get('transport.status', '2.0')).toBeUndefined();
  });

  it('names the supported types and versions when asked for others', () => {
    const registry = new SchemaRegistry([
      ...minimal,
      document('v1.0/ack.schema.json'),
      document('v1.1/ack.schema.json'),
    ]);
    expect(registry.unsupported('ack', '1.1')).toBeUndefined();
    expect(registry.unsupported('ack')).toBeUndefined();
    expect(registry.unsupported('nack', '1.0')).toEqual({
      path: '/type',
      rule: 'type.supported',
      message: 'is not a supported message type; supported types are ack',
    });
    expect(registry.unsupported('ack', '2.0')).toEqual({
      path: '/version',
      rule: 'version.supported',
      message: 'is not a supported version of ack; supported versions are 1.0, 1.1',
    });
  });

  it.each([
    [[document('definitions.schema.json')], /envelope.schema.json is missing/],
    [[...minimal, { path: 'v1.0/ack.schema.json', schema: { $id: 'urn:ack' } }], /\$id must be/],
    [[...minimal, document('ack-1.0.schema.json')], /not the envelope/],
  ])('refuses an inconsistent schema folder (%#)', (documents, error) => {
    expect(() => new SchemaRegistry(documents)).toThrow(error);
  });

  it("loads the repository's schemas/ from any folder below the package.json", () => {
    const dir = findSchemasDir(__dirname);
    expect(dir).toBe(join(__dirname, '../../..', 'schemas'));
    const registry = SchemaRegistry.load(dir);
    expect(registry.versions('consignment.note')).toContain('1.0');
    expect(registry.envelope.$id).toBe(`${SCHEMA_BASE_URI}envelope.schema.json`);
  });

  it.each([
    ['1.0', '1.1', -1],
    ['1.9', '1.10', -1],
    ['2.0', '1.10', 1],
    ['1.1', '1.1', 0],
  ])('orders %s against %s', (a, b, sign) => {
    expect(Math.sign(compareVersions(a, b))).toBe(sign);
  });
});
