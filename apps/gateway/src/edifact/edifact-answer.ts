import { buildAck, type Participant, type Violation } from '@cx/contracts';
import {
  EXCHANGE_PARTY,
  interchangeText,
  partyOf,
  renderContrl,
  renderInterchange,
  type PartyId,
  type TranslatedInterchange,
} from '@cx/edifact';
import type { EdifactResult } from './edifact-submission.service';

/**
 * The answer's UNB: from the exchange to the interchange's sender, under the interchange's own control reference (so
 * the sender matches answer and interchange without state at the exchange).
 */
function answerHeader(translated: TranslatedInterchange, fallback: PartyId, now: Date) {
  const header = translated.interchange.header;
  return {
    sender: EXCHANGE_PARTY,
    recipient: header?.sender.id ? header.sender : fallback,
    controlReference: header?.controlReference || '1',
    preparedAt: now,
  };
}

/** CONTRL for an interchange with syntax errors: what was rejected, and where. */
export function contrlAnswer(translated: TranslatedInterchange, caller: Participant, now: Date): string {
  return interchangeText(answerHeader(translated, partyOf(caller), now), renderContrl(translated, '1'));
}

/** One APERAK a message, in the interchange's order: the ack the exchange would send it, with located violations. */
export function aperakAnswer(
  translated: TranslatedInterchange,
  results: readonly EdifactResult[],
  caller: Participant,
  now: Date,
): string {
  const acks = results.map(({ message, verdict }, i) => {
    const envelope = message.envelope ?? {};
    const original = {
      id: typeof envelope.id === 'string' ? envelope.id : '',
      sender: caller.id,
      consignmentRef: typeof envelope.consignmentRef === 'string' ? envelope.consignmentRef : '',
    };
    const ack =
      verdict.kind === 'accepted'
        ? buildAck(original, 'accepted', {}, now)
        : buildAck(original, 'rejected', { errors: refusalErrors(verdict.problem.toProblem()) }, now);
    return { envelope: { ...ack }, reference: String(i + 1) };
  });
  return renderInterchange(answerHeader(translated, partyOf(caller), now), acks);
}

/** A refusal as violations: its own, or one naming the problem (a conflict, an inactive sender). */
function refusalErrors(problem: { status: number; detail?: string; type?: string; errors?: Violation[] }) {
  if (problem.errors && problem.errors.length > 0) return problem.errors;
  const rule = problem.status === 409 ? 'id.unique' : `http.${problem.status}`;
  return [{ path: problem.status === 409 ? '/id' : '', message: problem.detail ?? '', rule }];
}
