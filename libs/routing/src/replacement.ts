import type { Violation } from '@cx/contracts';

/**
 * Corrections and cancellations (standard 1.2). A correction carries `supersedes: <id>` and replaces that message as
 * a whole; a `message.cancellation` names in `payload.cancels` the message it withdraws. Both are judged against what
 * the exchange stored of that message. The gateway and the validator check early (a clear 422); the router checks
 * again where a consignment's messages are serialised (its partition of cx.validated), which is what decides.
 */

/** A message as a correction or cancellation is judged against it: the version it would replace. */
export interface StoredVersion {
  id: string;
  type: string;
  sender: string;
  consignmentRef: string;
  /** accepted (on its way to the router), routed or rejected. */
  status: string;
  /** Who received it. */
  recipients: readonly string[];
  /** The routed correction or cancellation that replaced it, if any. */
  replacedBy?: { id: string; type: string };
  /** When corrected: the latest version of the chain (the one to correct now). */
  latest?: string;
  /** For a customs.declaration: a routed customs.decision refers to it. */
  decided?: boolean;
}

/** What of a message says which message it replaces. */
export interface Replacing {
  id: string;
  type: string;
  sender: string;
  consignmentRef: string;
  supersedes?: string;
  payload?: unknown;
}

export const CANCELLATION = 'message.cancellation';

export const REPLACEMENT_RULES = {
  exists: 'replaces.exists',
  replaceable: 'replaces.replaceable',
  sender: 'replaces.sender',
  consignment: 'replaces.same-consignment',
  type: 'replaces.same-type',
  routed: 'replaces.routed',
  notCancelled: 'replaces.not-cancelled',
  latest: 'replaces.latest',
  undecided: 'replaces.undecided',
} as const;

/** The id of the message `m` corrects or cancels; undefined for an ordinary message. */
export function replacedId(m: Replacing): string | undefined {
  if (m.type === CANCELLATION) {
    const cancels = (m.payload as { cancels?: unknown } | undefined)?.cancels;
    return typeof cancels === 'string' ? cancels : undefined;
  }
  return typeof m.supersedes === 'string' ? m.supersedes : undefined;
}

/** Where a violation about the replaced message points. */
export const replacementPointer = (m: Replacing): string =>
  m.type === CANCELLATION ? '/payload/cancels' : '/supersedes';

/**
 * Why `m` may not replace `original` (empty when it may). `pending` lets a message not yet routed, or not yet seen,
 * pass: the gateway and the validator judge before the router has routed what came just before (through either door,
 * or while the database was away), so only the router, which passes false, knows that an original does not exist.
 * Once the sender is not the original's, nothing more is said: the rest would tell a stranger about the message.
 */
export function replacementViolations(
  m: Replacing,
  original: StoredVersion | undefined,
  pending: boolean,
): Violation[] {
  const target = replacedId(m);
  if (target === undefined) return [];
  const path = replacementPointer(m);
  const verb = m.type === CANCELLATION ? 'cancelled' : 'corrected';
  const v = (rule: string, message: string): Violation[] => [{ path, rule, message }];
  if (!original) {
    return pending ? [] : v(REPLACEMENT_RULES.exists, `must be the id of a message the exchange accepted`);
  }
  const another = v(
    REPLACEMENT_RULES.sender,
    `names a message of another sender: only its sender may ${verb.slice(0, -1)} it`,
  );
  // A stranger (neither its sender nor a recipient) learns no more, not even that it is an ack or a cancellation.
  if (original.sender !== m.sender && !original.recipients.includes(m.sender)) return another;
  if (original.type === 'ack' || original.type === CANCELLATION) {
    return v(REPLACEMENT_RULES.replaceable, `names a ${original.type}, which cannot be ${verb}`);
  }
  if (original.sender !== m.sender) return another;
  const found: Violation[] = [];
  if (original.consignmentRef !== m.consignmentRef) {
    found.push({
      path: '/consignmentRef',
      rule: REPLACEMENT_RULES.consignment,
      message: `must be ${original.consignmentRef}, the consignment of the message ${verb}`,
    });
  }
  if (m.type !== CANCELLATION && original.type !== m.type) {
    found.push({
      path: '/type',
      rule: REPLACEMENT_RULES.type,
      message: `must be ${original.type}: a correction has the type of the message it corrects`,
    });
  }
  const routable = original.status === 'routed' || (pending && original.status === 'accepted');
  if (!routable) found.push(...v(REPLACEMENT_RULES.routed, `names a message the exchange did not route`));
  const by = original.replacedBy;
  if (by && by.id !== m.id) {
    if (by.type === CANCELLATION) {
      found.push(...v(REPLACEMENT_RULES.notCancelled, `names a message cancelled by ${by.id}`));
    } else {
      const latest = original.latest ?? by.id;
      found.push(...v(REPLACEMENT_RULES.latest, `names a superseded version: the latest is ${latest}`));
    }
  }
  if (original.type === 'customs.declaration' && original.decided) {
    found.push(
      ...v(
        REPLACEMENT_RULES.undecided,
        `names a declaration customs decided on: it can no longer be ${verb}`,
      ),
    );
  }
  return found;
}

/**
 * A customs.decision answers the current version of a declaration. The doors check that against the stored state; the
 * router checks it again, because a correction or cancellation of the declaration may have been routed in between.
 */
export function decisionOnReplacedDeclaration(
  m: { type: string; correlationId?: string },
  declaration: StoredVersion | undefined,
): Violation | undefined {
  if (m.type !== 'customs.decision' || !declaration?.replacedBy) return undefined;
  const latest =
    declaration.replacedBy.type === CANCELLATION
      ? 'it was cancelled'
      : `its latest version is ${declaration.latest ?? declaration.replacedBy.id}`;
  return {
    path: '/correlationId',
    rule: 'decision.refers-to-declaration',
    message: `refers to a declaration that was replaced: ${latest}`,
  };
}
