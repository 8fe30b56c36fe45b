import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { isRfc3339DateTime } from './rfc3339';
import { SchemaRegistry } from './schema-registry';

/** Compiled validators: the envelope's and, by type then version, each payload's. */
export interface CompiledSchemas {
  envelope: ValidateFunction;
  payload(type: string, version: string): ValidateFunction | undefined;
}

/**
 * Compiles every schema of the registry once, with ajv in strict mode collecting all errors.
 * `verbose` keeps each error's schema so that messages can quote its `x-expected`.
 */
export function compileSchemas(registry: SchemaRegistry): CompiledSchemas {
  const ajv = new Ajv2020({
    strict: true,
    // `required` inside if/then names properties declared beside the `if`, which this check does not see.
    strictRequired: false,
    allErrors: true,
    verbose: true,
    discriminator: true,
  });
  addFormats(ajv, ['uuid', 'json-pointer']);
  // ajv-formats' date-time also takes "+0400" and a space before the time; RFC 3339 takes neither.
  ajv.addFormat('date-time', { type: 'string', validate: isRfc3339DateTime });
  ajv.addVocabulary(['x-expected']);
  ajv.addSchema(registry.all());

  const compiled = (id: string): ValidateFunction => {
    const validate = ajv.getSchema(id);
    if (!validate) throw new Error(`schema ${id} did not compile`);
    return validate;
  };
  const payloads = new Map<string, Map<string, ValidateFunction>>();
  for (const { type, version, $id } of registry.list()) {
    payloads.set(type, (payloads.get(type) ?? new Map()).set(version, compiled($id)));
  }
  return {
    envelope: compiled(registry.envelope.$id as string),
    payload: (type, version) => payloads.get(type)?.get(version),
  };
}
