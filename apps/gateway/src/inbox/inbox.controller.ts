import { BeforeApplicationShutdown, Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, type Caller } from '@cx/auth';
import { SETTINGS, Settings } from '@cx/config';
import { partyOf } from '@cx/edifact';
import { encodeCursor, InboxQuery, parseInboxQuery } from '@cx/inbox';
import { InboxStore } from '@cx/persistence';
import { InboxWatcher } from './inbox-watcher';
import { ApiKeysService, CurrentCaller } from '../auth';
import { problems } from '../problem';
import { EventStream } from './event-stream';
import { receivingParticipant } from './receiving-participant';
import { inboxItemView } from './delivery-view';

function checkedQuery(query: Record<string, unknown>, lastEventId?: string): InboxQuery {
  const parsed = parseInboxQuery(query, lastEventId);
  if (parsed.violations.length > 0) {
    const names = parsed.violations.map((v) => v.path.replace(/^\//, '')).join(', ');
    throw problems.invalid(`Bad query parameter: ${names}.`, parsed.violations);
  }
  return parsed.query;
}

/** The caller's inbox: pages (`GET /v1/inbox`) and a server-sent event stream (`GET /v1/inbox/stream`). */
@Access('participant')
@Controller('v1/inbox')
export class InboxController implements BeforeApplicationShutdown {
  private readonly streams = new Set<EventStream>();

  constructor(
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly inbox: InboxStore,
    private readonly watcher: InboxWatcher,
    private readonly keys: ApiKeysService,
  ) {}

  @Get()
  async page(@CurrentCaller() caller: Caller, @Query() query: Record<string, unknown>) {
    const participant = receivingParticipant(caller);
    const q = checkedQuery(query);
    const items = await this.inbox.page(participant.id, q.afterSeq, q.limit, q.filter);
    return {
      items: items.map((i) => inboxItemView(i, q.format, partyOf(participant))),
      // Where the next call starts: after the last item, or where this one started when there were none.
      next: encodeCursor(items.length > 0 ? items[items.length - 1].seq : q.afterSeq),
    };
  }

  @Get('stream')
  async stream(
    @CurrentCaller() caller: Caller,
    @Query() query: Record<string, unknown>,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const participant = receivingParticipant(caller);
    const lastEventId = req.headers['last-event-id'];
    const q = checkedQuery(query, typeof lastEventId === 'string' ? lastEventId : undefined);
    reply.hijack();
    const stream = new EventStream(reply.raw, participant.id, q, {
      inbox: this.inbox,
      watcher: this.watcher,
      heartbeatMs: this.settings.receiving.sseHeartbeatMs,
      recipient: partyOf(participant),
      stillValid: () =>
        caller.kind === 'participant'
          ? this.keys.stillValid(participant.id, caller.keyId)
          : Promise.resolve(false),
    });
    this.streams.add(stream);
    await stream.run().finally(() => this.streams.delete(stream));
  }

  /** Open streams would keep the HTTP server from closing: end them, clients resume with Last-Event-ID. */
  beforeApplicationShutdown(): void {
    for (const s of this.streams) s.close();
  }
}
