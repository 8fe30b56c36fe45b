import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Participant } from '@cx/contracts';
import { RenderError } from '@cx/edifact';
import { batchResult } from '../messages/batch-result';
import { sendProblem } from '../problem';
import { aperakAnswer, contrlAnswer } from './edifact-answer';
import { wantsEdifact } from './edifact-body';
import type { EdifactOutcome } from './edifact-submission.service';

/**
 * The answer to an interchange: a refusal as problem+json; a syntax error 400 as problem+json or CONTRL; judged
 * messages 200 with one result a message (as a batch's, with its UNH reference), or APERAK. A result APERAK cannot
 * carry (an id that is no UUID, a ref longer than RFF allows) falls back to JSON.
 */
export function sendEdifactOutcome(
  req: FastifyRequest,
  reply: FastifyReply,
  caller: Participant,
  outcome: EdifactOutcome,
): void {
  const now = new Date();
  if (outcome.kind === 'refused') return sendProblem(reply, outcome.problem);
  if (outcome.kind === 'syntax') {
    if (!wantsEdifact(req)) return sendProblem(reply, outcome.problem);
    return sendInterchange(reply, 400, contrlAnswer(outcome.translated, caller, now));
  }
  if (wantsEdifact(req)) {
    try {
      return sendInterchange(reply, 200, aperakAnswer(outcome.translated, outcome.results, caller, now));
    } catch (e) {
      if (!(e instanceof RenderError)) throw e;
    }
  }
  const results = outcome.results.map(({ message, verdict }, index) => ({
    ...batchResult(index, message.envelope?.id, verdict),
    messageReference: message.reference,
    message: message.message,
  }));
  void reply.status(200).send({ results });
}

function sendInterchange(reply: FastifyReply, status: number, text: string): void {
  void reply.status(status).type('application/EDIFACT').send(Buffer.from(text, 'utf8'));
}
