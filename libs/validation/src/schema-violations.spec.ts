import type { ErrorObject } from 'ajv';
import { schemaViolations } from './schema-violations';

const error = (
  keyword: string,
  instancePath: string,
  params: object,
  extra: Partial<ErrorObject> = {},
): ErrorObject => ({
  keyword,
  instancePath,
  schemaPath: `#/${keyword}`,
  params,
  ...extra,
});
const expected = (text: string) => ({ parentSchema: { 'x-expected': text } });

describe('schemaViolations', () => {
  it.each([
    [
      error('required', '/legs/0', { missingProperty: 'carrier' }),
      '/payload/legs/0/carrier',
      'schema.required',
      'is required',
    ],
    [
      error('additionalProperties', '', { additionalProperty: 'a/b' }),
      '/payload/a~1b',
      'schema.additionalProperties',
      'is not allowed',
    ],
    [
      error('type', '/goods/0/packageCount', { type: 'integer' }),
      '/payload/goods/0/packageCount',
      'schema.type',
      'must be a whole number',
    ],
    [
      error('enum', '/procedure', { allowedValues: ['transit', 'export'] }),
      '/payload/procedure',
      'schema.enum',
      'must be one of: transit, export',
    ],
    [
      error(
        'enum',
        '/consignee/country',
        { allowedValues: [] },
        expected('an ISO 3166-1 alpha-2 country code such as KZ'),
      ),
      '/payload/consignee/country',
      'schema.enum',
      'must be an ISO 3166-1 alpha-2 country code such as KZ',
    ],
    [
      error(
        'pattern',
        '/legs/1/from',
        { pattern: '^[A-Z]{2}[A-Z2-9]{3}$' },
        expected('a UN/LOCODE such as AZBAK'),
      ),
      '/payload/legs/1/from',
      'schema.pattern',
      'must be a UN/LOCODE such as AZBAK',
    ],
    [error('format', '/x', { format: 'uuid' }), '/payload/x', 'schema.format', 'must be a valid uuid'],
    [error('minLength', '/name', { limit: 1 }), '/payload/name', 'schema.minLength', 'must not be empty'],
    [
      error('maxLength', '/name', { limit: 200 }),
      '/payload/name',
      'schema.maxLength',
      'must be at most 200 characters long',
    ],
    [
      error('minItems', '/legs', { limit: 1 }),
      '/payload/legs',
      'schema.minItems',
      'must have at least 1 item',
    ],
    [
      error('maxItems', '/legs', { limit: 20 }),
      '/payload/legs',
      'schema.maxItems',
      'must have at most 20 items',
    ],
    [
      error('uniqueItems', '/recipients', { i: 2, j: 0 }),
      '/payload/recipients/2',
      'schema.uniqueItems',
      'repeats item 0 of the list',
    ],
    [
      error('exclusiveMinimum', '/m', { limit: 0, comparison: '>' }),
      '/payload/m',
      'schema.exclusiveMinimum',
      'must be greater than 0',
    ],
    [
      error('maximum', '/m', { limit: 100, comparison: '<=' }),
      '/payload/m',
      'schema.maximum',
      'must be at most 100',
    ],
    [
      error(
        'discriminator',
        '/transportMeans',
        { tag: 'mode' },
        { data: {}, ...expected('one of: sea, rail') },
      ),
      '/payload/transportMeans/mode',
      'schema.required',
      'is required',
    ],
    [
      error(
        'discriminator',
        '/transportMeans',
        { tag: 'mode' },
        { data: { mode: 'road' }, ...expected('one of: sea, rail') },
      ),
      '/payload/transportMeans/mode',
      'schema.enum',
      'must be one of: sea, rail',
    ],
    [
      error('dependentRequired', '/x', {}, { message: 'must have y' }),
      '/payload/x',
      'schema.dependentRequired',
      'must have y',
    ],
  ])('%#: %j', (ajvError, path, rule, message) => {
    expect(schemaViolations([ajvError], '/payload')).toEqual([{ path, rule, message }]);
  });

  it('drops the if error, whose then reports itself', () => {
    const errors = [
      error('required', '', { missingProperty: 'correlationId' }),
      error('if', '', { failingKeyword: 'then' }),
    ];
    expect(schemaViolations(errors).map((v) => v.rule)).toEqual(['schema.required']);
  });

  it('reports a value once with its expected shape, not also its length', () => {
    const errors = [
      error('maxLength', '/legs/3/to', { limit: 5 }),
      error('pattern', '/legs/3/to', { pattern: 'x' }, expected('a UN/LOCODE such as AZBAK')),
      error('maxLength', '/documentNumber', { limit: 35 }),
    ];
    expect(schemaViolations(errors).map((v) => `${v.rule} ${v.path}`)).toEqual([
      'schema.pattern /legs/3/to',
      'schema.maxLength /documentNumber',
    ]);
  });
});
