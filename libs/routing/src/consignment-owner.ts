import type { Violation } from '@cx/contracts';

export const CONSIGNMENT_OWNER_RULE = 'consignment.owner';

/**
 * A consignment belongs to the participant whose consignment.note opened it: only that participant's notes shape it
 * (the note's legs make the parties). Another participant's note under the same ref would make its sender and the
 * places it names parties of a consignment that is not theirs, so it is refused; other types under the ref add no
 * party and are judged by their own rules.
 */
export function consignmentOwnerViolation(
  message: { type: string; sender: string; consignmentRef: string },
  owner: string | null | undefined,
): Violation | undefined {
  if (message.type !== 'consignment.note' || !owner || owner === message.sender) return undefined;
  return {
    path: '/consignmentRef',
    message: `consignment ${message.consignmentRef} belongs to another participant: choose a reference of your own`,
    rule: CONSIGNMENT_OWNER_RULE,
  };
}

/** Who owns a consignment after this message: its owner so far, else the sender of the note that opens it. */
export function ownerAfter(message: { type: string; sender: string }, owner: string | null | undefined) {
  return owner ?? (message.type === 'consignment.note' ? message.sender : null);
}
