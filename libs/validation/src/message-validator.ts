import type { Envelope, Message, MessageType, Violation } from '@cx/contracts';
import type { ErrorObject } from 'ajv';
import { checkEnvelopeRules, checkMessageRules, checkPayloadRules } from './rules/rule-sets';
import { compileSchemas, type CompiledSchemas } from './schema-compiler';
import { SchemaRegistry } from './schema-registry';
import { schemaViolations } from './schema-violations';
import type { ValidationContext } from './validation-context';

/** What the schemas made of an input: its violations, and the parts that passed, typed. */
interface Inspection {
  violations: Violation[];
  /** The envelope, when it passed the envelope schema (its payload may still be invalid). */
  envelope?: Envelope;
  /** The whole message, when envelope and payload passed their schemas. */
  message?: Message;
}

/**
 * Validates envelopes: the envelope schema, the payload schema its type and version select, then the rules
 * of the contract beyond the schema. Every violation is reported, not the first. Schemas are compiled once,
 * here; one instance serves any number of calls (it is not re-entrant across threads, which Node lacks).
 *
 * Rules that read a payload run when that payload passed its schema: on a malformed payload they would
 * only repeat what the schema said.
 */
export class MessageValidator {
  private readonly schemas: CompiledSchemas;

  constructor(readonly registry: SchemaRegistry = SchemaRegistry.load()) {
    this.schemas = compileSchemas(registry);
  }

  /** The schemas and the rules that need nothing but the message (check digits, legs, masses). */
  validateStructure(input: unknown): Violation[] {
    return this.inspect(input).violations;
  }

  /** Everything: the structure, and the rules that read the exchange's participants, declarations and clock. */
  validate(input: unknown, context: ValidationContext): Violation[] {
    const { violations, envelope, message } = this.inspect(input);
    if (envelope) checkEnvelopeRules(envelope, context, violations);
    if (message) checkMessageRules(message, context, violations);
    return violations;
  }

  private inspect(input: unknown): Inspection {
    const validateEnvelope = this.schemas.envelope;
    const envelopeValid = validateEnvelope(input);
    const violations = envelopeValid ? [] : schemaViolations(withoutTypeEnum(validateEnvelope.errors ?? []));
    if (!isObject(input) || typeof input.type !== 'string') return { violations };
    const envelope = envelopeValid ? (input as unknown as Envelope) : undefined;

    const version =
      typeof input.version === 'string' && !violations.some(atVersion) ? input.version : undefined;
    const unsupported = this.registry.unsupported(input.type, version);
    if (unsupported) violations.push(unsupported);
    const validatePayload = version !== undefined && this.schemas.payload(input.type, version);
    if (unsupported || !validatePayload || !isObject(input.payload)) return { violations, envelope };

    if (!validatePayload(input.payload)) {
      violations.push(...schemaViolations(validatePayload.errors ?? [], '/payload'));
      return { violations, envelope };
    }
    // The payload schema is one of the registry's for a type of the envelope's enum.
    checkPayloadRules(input.type as MessageType, input.payload as never, violations);
    return { violations, envelope, message: envelope as Message | undefined };
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const atVersion = (violation: Violation): boolean => violation.path === '/version';

/** An unknown type is reported by the registry, which names the supported ones; the enum's error would repeat it. */
const withoutTypeEnum = (errors: readonly ErrorObject[]): ErrorObject[] =>
  errors.filter((error) => !(error.instancePath === '/type' && error.keyword === 'enum'));
