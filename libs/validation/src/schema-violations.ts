import type { ErrorObject } from 'ajv';
import type { Violation } from '@cx/contracts';
import { childPointer } from './json-pointer';

/**
 * Turns ajv's errors (compiled with `verbose: true`, so each carries its schema) into violations an operator
 * can act on. `prefix` is where the validated value sits in the envelope (`/payload` for a payload).
 * Schemas say what a malformed value should look like in `x-expected`, beside its pattern, format or enum.
 */
export function schemaViolations(errors: readonly ErrorObject[], prefix = ''): Violation[] {
  const violations: Violation[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const violation = translate(error, prefix + error.instancePath);
    if (!violation) continue;
    const key = `${violation.path} ${violation.rule}`;
    if (!seen.has(key)) {
      seen.add(key);
      violations.push(violation);
    }
  }
  const described = new Set(violations.filter((v) => DESCRIBING_RULES.has(v.rule)).map((v) => v.path));
  return violations.filter((v) => !(LENGTH_RULES.has(v.rule) && described.has(v.path)));
}

/**
 * A value that fails its pattern, format or enum is described by that message ("must be a UN/LOCODE such as
 * AZBAK"); that it is also too long says nothing more.
 */
const DESCRIBING_RULES = new Set(['schema.pattern', 'schema.format', 'schema.enum', 'schema.const']);
const LENGTH_RULES = new Set(['schema.maxLength', 'schema.minLength']);

type Params = Record<string, unknown>;

function translate(error: ErrorObject, path: string): Violation | undefined {
  const params = error.params as Params;
  const expected = expectedOf(error);
  switch (error.keyword) {
    case 'if': // the failing `then` or `else` is reported by its own keyword
      return undefined;
    case 'required':
      return at(childPointer(path, String(params.missingProperty)), 'schema.required', 'is required');
    case 'additionalProperties':
      return at(
        childPointer(path, String(params.additionalProperty)),
        'schema.additionalProperties',
        'is not allowed',
      );
    case 'type':
      return at(path, 'schema.type', `must be ${TYPE_NAMES[String(params.type)] ?? String(params.type)}`);
    case 'enum':
      return at(
        path,
        'schema.enum',
        `must be ${expected ?? `one of: ${(params.allowedValues as unknown[]).join(', ')}`}`,
      );
    case 'const':
      return at(path, 'schema.const', `must be ${JSON.stringify(params.allowedValue)}`);
    case 'pattern':
      return at(path, 'schema.pattern', `must be ${expected ?? `text matching ${String(params.pattern)}`}`);
    case 'format':
      return at(path, 'schema.format', `must be ${expected ?? `a valid ${String(params.format)}`}`);
    case 'minLength':
      return at(
        path,
        'schema.minLength',
        params.limit === 1 ? 'must not be empty' : `must be at least ${params.limit} characters long`,
      );
    case 'maxLength':
      return at(path, 'schema.maxLength', `must be at most ${params.limit} characters long`);
    case 'minItems':
      return at(
        path,
        'schema.minItems',
        `must have at least ${params.limit} ${params.limit === 1 ? 'item' : 'items'}`,
      );
    case 'maxItems':
      return at(path, 'schema.maxItems', `must have at most ${params.limit} items`);
    case 'uniqueItems':
      return at(
        childPointer(path, Number(params.i)),
        'schema.uniqueItems',
        `repeats item ${params.j} of the list`,
      );
    case 'minimum':
      return at(path, 'schema.minimum', `must be at least ${params.limit}`);
    case 'maximum':
      return at(path, 'schema.maximum', `must be at most ${params.limit}`);
    case 'exclusiveMinimum':
      return at(path, 'schema.exclusiveMinimum', `must be greater than ${params.limit}`);
    case 'exclusiveMaximum':
      return at(path, 'schema.exclusiveMaximum', `must be less than ${params.limit}`);
    case 'not':
      return at(path, 'schema.not', `must be ${expected ?? 'something else'}`);
    case 'discriminator':
      return discriminatorViolation(error, path, expected);
    default:
      return at(path, `schema.${error.keyword}`, error.message ?? 'is not valid');
  }
}

/** A discriminated union (e.g. transportMeans by `mode`): the tag is missing, not a string, or unknown. */
function discriminatorViolation(error: ErrorObject, path: string, expected: string | undefined): Violation {
  const tag = String((error.params as Params).tag);
  const tagPath = childPointer(path, tag);
  const value = (error.data as Params | undefined)?.[tag];
  if (value === undefined) return at(tagPath, 'schema.required', 'is required');
  if (typeof value !== 'string') return at(tagPath, 'schema.type', 'must be a string');
  return at(tagPath, 'schema.enum', `must be ${expected ?? 'one of the values the schema lists'}`);
}

function expectedOf(error: ErrorObject): string | undefined {
  const expected = (error.parentSchema as Params | undefined)?.['x-expected'];
  return typeof expected === 'string' ? expected : undefined;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

const at = (path: string, rule: string, message: string): Violation => ({ path, rule, message });
