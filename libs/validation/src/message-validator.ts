import type { Envelope, Message, MessageType, Violation } from '@cx/contracts';
import type { ErrorObject } from 'ajv';
import { checkEnvelopeRules, checkMessageRules, checkPayloadRules } from './rules/rule-sets';
import { compileSchemas, type CompiledSchemas } from './schema-compiler';
import { SchemaRegistry } from './schema-registry';
import { schemaViolations } from './schema-violations';
import type { ValidationContext } from './validation-context';

/** What the schemas made of an input: their violations, and whether envelope and payload passed. */
interface Inspection {
  violations: Violation[];
  /** The payload's schema exists for the type and version and the payload is an object (valid or not). */
  payloadChecked: boolean;
}

/**
 * Validates envelopes: the envelope schema, the payload schema its type and version select, then the rules
 * of the contract beyond the schema. Every violation is reported, not the first: the rules run on a message whose
 * schemas failed too, and report what the schemas did not already say at the same place (a rule's finding under a
 * path the schema refused would only repeat it). Schemas are compiled once, here; one instance serves any number
 * of calls (it is not re-entrant across threads, which Node lacks).
 */
export class MessageValidator {
  private readonly schemas: CompiledSchemas;

  constructor(readonly registry: SchemaRegistry = SchemaRegistry.load()) {
    this.schemas = compileSchemas(registry);
  }

  /** The schemas and the rules that need nothing but the message (check digits, legs, masses). */
  validateStructure(input: unknown): Violation[] {
    return this.check(input);
  }

  /** Everything: the structure, and the rules that read the exchange's participants, declarations and clock. */
  validate(input: unknown, context: ValidationContext): Violation[] {
    return this.check(input, context);
  }

  private check(input: unknown, context?: ValidationContext): Violation[] {
    const { violations, payloadChecked } = this.inspect(input);
    if (!isObject(input) || typeof input.type !== 'string') return violations;
    const found: Violation[] = [];
    if (payloadChecked) checkPayloadRules(input.type as MessageType, input.payload as never, found);
    if (context) {
      checkEnvelopeRules(input as unknown as Envelope, context, found);
      if (payloadChecked) checkMessageRules(input as unknown as Message, context, found);
    }
    return [...violations, ...found.filter((f) => !violations.some((v) => overlaps(v.path, f.path)))];
  }

  private inspect(input: unknown): Inspection {
    const validateEnvelope = this.schemas.envelope;
    const envelopeValid = validateEnvelope(input) as boolean;
    const violations = envelopeValid ? [] : schemaViolations(withoutTypeEnum(validateEnvelope.errors ?? []));
    const done = { violations, payloadChecked: false };
    if (!isObject(input) || typeof input.type !== 'string') return done;

    const version =
      typeof input.version === 'string' && !violations.some(atVersion) ? input.version : undefined;
    const unsupported = this.registry.unsupported(input.type, version);
    if (unsupported) violations.push(unsupported);
    const validatePayload = version !== undefined && this.schemas.payload(input.type, version);
    if (unsupported || !validatePayload || !isObject(input.payload)) return done;

    if (!validatePayload(input.payload)) {
      violations.push(...schemaViolations(validatePayload.errors ?? [], '/payload'));
    }
    return { ...done, payloadChecked: true };
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const atVersion = (violation: Violation): boolean => violation.path === '/version';

/** Two JSON Pointers name the same place or one lies inside the other. */
const overlaps = (a: string, b: string): boolean =>
  a === b || b.startsWith(`${a}/`) || a.startsWith(`${b}/`) || a === '' || b === '';

/** An unknown type is reported by the registry, which names the supported ones; the enum's error would repeat it. */
const withoutTypeEnum = (errors: readonly ErrorObject[]): ErrorObject[] =>
  errors.filter((error) => !(error.instancePath === '/type' && error.keyword === 'enum'));
