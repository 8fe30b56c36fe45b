import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, type Caller } from '@cx/auth';
import { Participant } from '@cx/contracts';
import { MessageStore } from '@cx/persistence';
import { CurrentCaller } from '../auth';
import { BATCH_LIMIT } from './batch-limit';
import { problems, sendProblem } from '../problem';
import { RateLimiter } from './rate-limiter';
import { SubmissionService, Verdict } from './submission.service';
import { messageView } from './message-view';

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
  ) {}

  @Access('participant')
  @Post()
  async submit(
    @CurrentCaller() caller: Caller,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const participant = sendingParticipant(caller);
    this.limit(participant.id, 1);
    const [verdict] = await this.submissions.submit(participant, [
      { body: req.body, raw: req.rawBody ?? Buffer.alloc(0), jws: senderJws(req) },
    ]);
    if (verdict.kind === 'refused') return sendProblem(reply, verdict.problem);
    void reply.status(verdict.httpStatus).send(verdict.receipt);
  }

  @Access('participant')
  @Post('batch')
  @HttpCode(200)
  async batch(@CurrentCaller() caller: Caller, @Body() body: unknown) {
    const participant = sendingParticipant(caller);
    if (!Array.isArray(body)) throw problems.malformed('A batch is a JSON array of envelopes.');
    if (body.length === 0 || body.length > BATCH_LIMIT) {
      throw problems.invalid(`A batch holds 1 to ${BATCH_LIMIT} messages; this one has ${body.length}.`, [
        { path: '', message: `must hold 1 to ${BATCH_LIMIT} items`, rule: 'batch.size' },
      ]);
    }
    this.limit(participant.id, body.length);
    // Each item is judged as if sent alone, so it keeps its own bytes for idempotency. Those bytes are re-serialised,
    // not the sender's: batch items carry no signature (a type that needs one is refused `signature.required`).
    const items = body.map((item) => ({ body: item, raw: Buffer.from(JSON.stringify(item)) }));
    const verdicts = await this.submissions.submit(participant, items);
    return { results: verdicts.map((v, index) => this.result(index, body[index], v)) };
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

  private result(index: number, item: unknown, v: Verdict) {
    const id = typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined;
    if (v.kind === 'accepted')
      return {
        index,
        id: v.receipt.id,
        status: 'accepted',
        httpStatus: v.httpStatus,
        receivedAt: v.receipt.receivedAt,
      };
    const p = v.problem.toProblem();
    return {
      index,
      id: typeof id === 'string' ? id : null,
      status: 'rejected',
      httpStatus: p.status,
      detail: p.detail,
      errors: p.errors ?? [],
    };
  }
}
