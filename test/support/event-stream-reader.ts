import { waitFor } from './wait';

export interface StreamEvent {
  id: string;
  event: string;
  data: string;
}

export interface StreamSignatures {
  messageId: string;
  jws: string | null;
  receipt: string | null;
}

/** A minimal `text/event-stream` client over fetch, for tests: collects events and heartbeat comments. */
export class EventStreamReader {
  readonly events: StreamEvent[] = [];
  readonly signatures: StreamSignatures[] = [];
  comments = 0;
  status = 0;
  private ended = false;
  private readonly abort = new AbortController();

  private constructor() {}

  static async open(url: string, token: string, lastEventId?: string): Promise<EventStreamReader> {
    const reader = new EventStreamReader();
    const res = await fetch(url, {
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'text/event-stream',
        ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
      },
      signal: reader.abort.signal,
    });
    reader.status = res.status;
    if (res.ok && res.body) void reader.consume(res.body);
    else reader.ended = true;
    return reader;
  }

  get open(): boolean {
    return !this.ended;
  }

  private async consume(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          this.block(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch {
      // aborted by close()
    } finally {
      this.ended = true;
    }
  }

  private block(text: string): void {
    const data: string[] = [];
    let id = '';
    let event = 'message';
    for (const line of text.split('\n')) {
      if (line.startsWith(':')) this.comments += 1;
      else if (line.startsWith('id: ')) id = line.slice(4);
      else if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    if (data.length === 0) return;
    // A message's signatures come as an event of their own just before it (see libs/inbox sse-frames.ts).
    if (event === 'signatures') this.signatures.push(JSON.parse(data.join('\n')) as StreamSignatures);
    else this.events.push({ id, event, data: data.join('\n') });
  }

  ids(): string[] {
    return this.events.map((e) => (JSON.parse(e.data) as { id: string }).id);
  }

  async waitForEvents(n: number, what: string): Promise<void> {
    await waitFor(() => this.events.length >= n, { what: `${n} events: ${what}`, timeoutMs: 60_000 });
  }

  close(): void {
    this.abort.abort();
  }
}
