import type { ServerResponse } from 'node:http';
import { Logger } from '@nestjs/common';
import type { PartyId } from '@cx/edifact';
import { encodeCursor, InboxQuery, sseComment, sseEvent, sseRetry, sseSignatures } from '@cx/inbox';
import { InboxStore } from '@cx/persistence';
import { InboxWatcher } from './inbox-watcher';
import { streamFrame } from './delivery-view';

// Small enough that one page of large envelopes is a bounded amount of memory per slow reader.
const PAGE = 50;
const RECONNECT_MS = 3000;

export interface EventStreamDeps {
  inbox: InboxStore;
  watcher: InboxWatcher;
  heartbeatMs: number;
  /** The UNB recipient of deliveries written as EDIFACT (`format=edifact`). */
  recipient: PartyId;
  /** Whether the caller's key still stands, asked at every heartbeat: a revoked key or a deactivated owner ends it. */
  stillValid: () => Promise<boolean>;
}

/**
 * One open `GET /v1/inbox/stream`: writes the participant's deliveries after the cursor as server-sent events, then
 * waits for the shared watcher to say the inbox grew. A page is read from the database only once the socket took
 * the previous one (write() false → wait for 'drain'), so a slow reader holds at most one page in memory.
 */
export class EventStream {
  private static readonly logger = new Logger('EventStream');
  private closed = false;
  private grown = true;
  private wakeUp?: () => void;

  constructor(
    private readonly res: ServerResponse,
    private readonly participantId: string,
    private readonly query: InboxQuery,
    private readonly deps: EventStreamDeps,
  ) {}

  async run(): Promise<void> {
    const { res } = this;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write(sseRetry(RECONNECT_MS));
    res.on('close', () => this.close());
    const unwatch = this.deps.watcher.watch(this.participantId, () => this.wake());
    const heartbeat = setInterval(() => {
      // A reader that is behind already has bytes coming; a heartbeat would only queue behind them.
      if (!this.closed && !res.writableNeedDrain) res.write(sseComment('heartbeat'));
      this.deps.stillValid().then(
        (valid) => {
          if (!valid && !this.closed) this.cutOff();
        },
        () => undefined, // the database is away: the next heartbeat asks again
      );
    }, this.deps.heartbeatMs);
    try {
      await this.pump();
    } catch (err) {
      EventStream.logger.warn(`stream of ${this.participantId} ended: ${(err as Error).message}`);
    } finally {
      clearInterval(heartbeat);
      unwatch();
      if (!res.writableEnded) res.end();
    }
  }

  /**
   * The key was revoked or its owner deactivated: nothing more is written, not even what a slow reader has queued
   * (the socket is destroyed); a reconnect gets 401.
   */
  private cutOff(): void {
    EventStream.logger.log(`stream of ${this.participantId} cut off: its key no longer stands`);
    this.close();
    this.res.destroy();
  }

  /** Ends the stream (shutdown); the client reconnects with Last-Event-ID. */
  close(): void {
    this.closed = true;
    this.wake();
  }

  private async pump(): Promise<void> {
    let after = this.query.afterSeq;
    while (!this.closed) {
      this.grown = false;
      const items = await this.deps.inbox.page(this.participantId, after, PAGE, this.query.filter);
      for (const item of items) {
        if (this.closed) return;
        const { messageId, jws, receipt, interchange } = item;
        const frame = streamFrame(item, this.query.format, this.deps.recipient);
        const frames =
          sseSignatures({ messageId, jws, receipt, interchange }) +
          sseEvent(encodeCursor(item.seq), frame.event, frame.data);
        const flushed = this.res.write(frames);
        after = item.seq;
        if (!flushed) await this.drained();
      }
      if (items.length < PAGE && !this.grown) await new Promise<void>((resolve) => (this.wakeUp = resolve));
    }
  }

  private wake(): void {
    this.grown = true;
    const wakeUp = this.wakeUp;
    this.wakeUp = undefined;
    wakeUp?.();
  }

  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.res.off('drain', done);
        this.res.off('close', done);
        resolve();
      };
      this.res.on('drain', done);
      this.res.on('close', done);
    });
  }
}
