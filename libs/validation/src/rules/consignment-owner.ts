import { consignmentOwnerViolation } from '@cx/routing';
import type { EnvelopeRule } from './rule';

/** Only the owner of a consignment sends notes under its ref (libs/routing says why). */
export const noteFromConsignmentOwner: EnvelopeRule = (envelope, context, out) => {
  const owner = context.consignments?.ownerOf(envelope.consignmentRef);
  const violation = consignmentOwnerViolation(envelope, owner);
  if (violation) out.push(violation);
};
