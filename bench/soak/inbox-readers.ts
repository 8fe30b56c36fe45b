import { setTimeout as sleep } from 'node:timers/promises';

/** What a reader is told about each message it receives (its envelope as delivered) and when. */
export type OnMessage = (
  message: { id: string; type: string; payload?: { ackFor?: string } },
  at: number,
) => void;

/**
 * A participant kept up on `GET /v1/inbox/stream`: each `message` event is handed on as it arrives (nothing is kept,
 * so a long soak does not grow here). Reconnects with `Last-Event-ID` when the stream ends.
 */
export class StreamReader {
  private readonly abort = new AbortController();
  private lastId?: string;
  events = 0;

  constructor(
    private readonly url: string,
    private readonly token: string,
    private readonly onMessage: OnMessage,
  ) {
    void this.run();
  }

  private async run(): Promise<void> {
    while (!this.abort.signal.aborted) {
      try {
        const res = await fetch(this.url, {
          headers: {
            authorization: `Bearer ${this.token}`,
            accept: 'text/event-stream',
            ...(this.lastId ? { 'last-event-id': this.lastId } : {}),
          },
          signal: this.abort.signal,
        });
        if (!res.ok || !res.body) throw new Error(`event stream answered ${res.status}`);
        await this.consume(res.body);
      } catch (err) {
        if (this.abort.signal.aborted) return;
        console.warn(`  event stream: ${(err as Error).message}; reconnecting`);
        await sleep(500);
      }
    }
  }

  private async consume(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        this.block(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
  }

  private block(text: string): void {
    let id = '';
    let event = 'message';
    const data: string[] = [];
    for (const line of text.split('\n')) {
      if (line.startsWith('id: ')) id = line.slice(4);
      else if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    if (event !== 'message' || data.length === 0) return;
    this.lastId = id;
    this.events += 1;
    this.onMessage(JSON.parse(data.join('\n')), Date.now());
  }

  close(): void {
    this.abort.abort();
  }
}

/** A participant kept up by polling `GET /v1/inbox?after=…`: at once while pages are full, else every 250 ms. */
export class PollingReader {
  private stopped = false;
  private cursor?: string;
  events = 0;
  readonly done: Promise<void>;

  constructor(
    private readonly gatewayUrl: string,
    private readonly token: string,
    private readonly onMessage: OnMessage,
  ) {
    this.done = this.run();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const query = `limit=500${this.cursor ? `&after=${encodeURIComponent(this.cursor)}` : ''}`;
      const res = await fetch(`${this.gatewayUrl}/v1/inbox?${query}`, {
        headers: { authorization: `Bearer ${this.token}` },
      }).catch(() => undefined);
      if (res?.status !== 200) {
        await sleep(500);
        continue;
      }
      const page = (await res.json()) as { items: Array<{ message: never }>; next: string };
      const at = Date.now();
      for (const item of page.items) this.onMessage(item.message, at);
      this.events += page.items.length;
      this.cursor = page.next;
      if (page.items.length < 500) await sleep(250);
    }
  }

  close(): Promise<void> {
    this.stopped = true;
    return this.done;
  }
}
