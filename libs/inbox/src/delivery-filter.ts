import { MESSAGE_TYPES, type Violation } from '@cx/contracts';
import definitions from '../../../schemas/definitions.schema.json';
import newSubscription from '../../../schemas/api/new-subscription.schema.json';

/** Which of its deliveries a participant wants on a channel: by message type, and by consignment. */
export interface DeliveryFilter {
  types?: string[];
  consignmentRef?: string;
}

/** schemas/definitions.schema.json#/$defs/consignmentRef */
export const CONSIGNMENT_REF = new RegExp(definitions.$defs.consignmentRef.pattern);
const KNOWN_TYPES = new Set<string>(MESSAGE_TYPES);
/** schemas/api/new-subscription.schema.json: a filter's `types`, in a body or a query. */
const MAX_TYPES = newSubscription.properties.types.maxItems;

export function matchesFilter(filter: DeliveryFilter, d: { type: string; consignmentRef: string }): boolean {
  if (filter.types && !filter.types.includes(d.type)) return false;
  if (filter.consignmentRef !== undefined && filter.consignmentRef !== d.consignmentRef) return false;
  return true;
}

/**
 * Checks a filter given in a JSON body (`types` an array) or a query (`types` a comma list); `at` prefixes the paths.
 */
export function parseFilter(
  input: { types?: unknown; consignmentRef?: unknown },
  at: string,
  source: 'body' | 'query',
): { filter: DeliveryFilter; violations: Violation[] } {
  const violations: Violation[] = [];
  const filter: DeliveryFilter = {};
  if (input.types !== undefined) {
    const list =
      source === 'query' && typeof input.types === 'string'
        ? input.types.split(',').map((t) => t.trim())
        : input.types;
    if (
      !Array.isArray(list) ||
      list.length === 0 ||
      list.length > MAX_TYPES ||
      !list.every((t) => typeof t === 'string' && KNOWN_TYPES.has(t))
    ) {
      // A type that does not exist would make a filter that never matches: a mistake to say, not a silence.
      violations.push({
        path: `${at}/types`,
        message: `must be 1 to ${MAX_TYPES} of the message types ${MESSAGE_TYPES.join(', ')}`,
        rule: 'filter.types',
      });
    } else filter.types = [...new Set(list as string[])];
  }
  if (input.consignmentRef !== undefined) {
    if (typeof input.consignmentRef !== 'string' || !CONSIGNMENT_REF.test(input.consignmentRef)) {
      violations.push({
        path: `${at}/consignmentRef`,
        message: 'must be a consignment reference (letters, digits, / . _ -; at most 64)',
        rule: 'filter.consignmentRef',
      });
    } else filter.consignmentRef = input.consignmentRef;
  }
  return { filter, violations };
}
