import { replacedId, replacementViolations } from '@cx/routing';
import type { EnvelopeRule } from './rule';

/**
 * A correction or cancellation replaces a message of its own sender that may still be replaced (libs/routing has the
 * rules). Judged here against the stored state as it is now; the router judges again, in the consignment's order.
 */
export const replacesOwnLatestVersion: EnvelopeRule = (envelope, context, out) => {
  const id = replacedId(envelope);
  if (id === undefined) return;
  out.push(...replacementViolations(envelope, context.versions?.find(id), true));
};
