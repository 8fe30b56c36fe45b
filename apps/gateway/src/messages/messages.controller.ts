import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, type Caller } from '@cx/auth';
import { Participant } from '@cx/contracts';
import { countMessages } from '@cx/edifact';
import { MessageStore } from '@cx/persistence';
import { CurrentCaller } from '../auth';
import { BATCH_LIMIT } from './batch-limit';
import { problems, sendProblem } from '../problem';
import { RateLimiter } from './rate-limiter';
import { SubmissionService } from './submission.service';
import { messageView } from './message-view';
import { batchResult } from './batch-result';
import { EdifactBody } from '../edifact/edifact-body';
import { EdifactSubmissionService } from '../edifact/edifact-submission.service';
import { sendEdifactOutcome } from '../edifact/send-outcome';

function sendingParticipant(caller: Caller): Participant {
  if (caller.kind !== 'participant') {
    throw problems.forbidden(
      'The admin token cannot send messages: send with the API key of the sending participant.',
    );
  }
  return caller.participant;
}

/** The sender's detached JWS (`X-CX-JWS`); a header given twice is no signature, and fails as one. */
function senderJws(req: FastifyRequest): string | undefined {
  const value = req.headers['x-cx-jws'];
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value.trim() : '';
}

@Controller('v1/messages')
export class MessagesController {
  constructor(
    private readonly submissions: SubmissionService,
    private readonly messages: MessageStore,
    private readonly limiter: RateLimiter,
    private readonly edifact: EdifactSubmissionService,
  ) {}

  @Access('participant')
  @Post()
  async submit(
    @CurrentCaller() caller: Caller,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const participant = sendingParticipant(caller);
    if (req.body instanceof EdifactBody) return this.submitEdifact(participant, req.body, req, reply);
    this.limit(participant.id, 1);
    const [verdict] = await this.submissions.submit(participant, [
      { body: req.body, raw: req.rawBody ?? Buffer.alloc(0), jws: senderJws(req) },
    ]);
    if (verdict.kind === 'refused') return sendProblem(reply, verdict.problem);
    void reply.status(verdict.httpStatus).send(verdict.receipt);
  }

  @Access('participant')
  @Post('batch')
  async batch(
    @CurrentCaller() caller: Caller,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const participant = sendingParticipant(caller);
    const body = req.body;
    if (body instanceof EdifactBody) return this.submitEdifact(participant, body, req, reply);
    if (!Array.isArray(body)) throw problems.malformed('A batch is a JSON array of envelopes.');
    checkBatchSize(body.length);
    this.limit(participant.id, body.length);
    // Each item is judged as if sent alone, so it keeps its own bytes for idempotency. Those bytes are re-serialised,
    // not the sender's: batch items carry no signature (a type that needs one is refused `signature.required`).
    const items = body.map((item) => ({ body: item, raw: Buffer.from(JSON.stringify(item)) }));
    const verdicts = await this.submissions.submit(participant, items);
    const results = verdicts.map((v, index) => batchResult(index, idOf(body[index]), v));
    void reply.status(200).send({ results });
  }

  @Access('participant', 'admin')
  @Get(':id')
  async get(@CurrentCaller() caller: Caller, @Param('id') id: string) {
    // A database that is down is a 503 by the problem filter; any other error is a bug, not an outage.
    const row = await this.messages.findOne(id);
    const visible =
      row &&
      (caller.kind === 'admin' ||
        row.sender === caller.participant.id ||
        row.recipients?.includes(caller.participant.id));
    if (!row || !visible) throw problems.notFound(`No message ${id} that you may see.`);
    const replacement = row.status === 'routed' ? await this.messages.replacementOf(id) : null;
    return messageView(row, caller.kind === 'admin' || row.sender === caller.participant.id, replacement);
  }

  private limit(participantId: string, cost: number): void {
    const wait = this.limiter.take(participantId, cost);
    if (wait > 0) throw problems.rateLimited(wait);
  }

  /** An interchange: each UNH…UNT judged as one item of a batch (see EdifactSubmissionService). */
  private async submitEdifact(
    participant: Participant,
    body: EdifactBody,
    req: FastifyRequest,
    reply: FastifyReply,
  ): Promise<void> {
    // Bounded and charged as a batch of its messages before the translation is paid for.
    const count = Math.max(countMessages(body.bytes), 1);
    checkBatchSize(count);
    this.limit(participant.id, count);
    const translated = await this.edifact.translate(participant, body.bytes);
    const outcome = await this.edifact.submit(participant, translated, {
      bytes: body.bytes,
      jws: senderJws(req),
    });
    sendEdifactOutcome(req, reply, participant, outcome);
  }
}

function checkBatchSize(count: number): void {
  if (count === 0 || count > BATCH_LIMIT) {
    throw problems.invalid(`A batch holds 1 to ${BATCH_LIMIT} messages; this one has ${count}.`, [
      { path: '', message: `must hold 1 to ${BATCH_LIMIT} items`, rule: 'batch.size' },
    ]);
  }
}

function idOf(item: unknown): unknown {
  return typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined;
}
