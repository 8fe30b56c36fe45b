import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { decodeCursor } from '@cx/inbox';
import type { InboxItem, InboxStore } from '@cx/persistence';
import type { InboxWatcher } from './inbox-watcher';
import { EventStream } from './event-stream';

/** A socket that takes nothing until the test drains it: a reader that does not read. */
class StalledResponse extends EventEmitter {
  readonly chunks: string[] = [];
  writableNeedDrain = false;
  writableEnded = false;

  writeHead(): this {
    return this;
  }

  write(chunk: string): boolean {
    this.chunks.push(chunk);
    this.writableNeedDrain = true;
    return false;
  }

  end(): void {
    this.writableEnded = true;
  }

  destroy(): void {
    this.writableEnded = true;
    this.emit('close');
  }

  drain(): void {
    this.writableNeedDrain = false;
    this.emit('drain');
  }

  events(): string[] {
    return this.chunks.filter((c) => c.startsWith('id: ')).map((c) => c.split('\n')[0].slice(4));
  }
}

function inboxOf(count: number) {
  const items: InboxItem[] = Array.from({ length: count }, (_, i) => ({
    seq: i + 1,
    messageId: `m${i + 1}`,
    type: 'ack',
    consignmentRef: 'R',
    envelope: `{"id":"m${i + 1}"}`,
    jws: null,
    receipt: null,
    interchange: null,
  }));
  const pages: number[] = [];
  const store = {
    page: async (_p: string, after: number, limit: number) => {
      pages.push(after);
      return items.filter((i) => i.seq > after).slice(0, limit);
    },
  } as unknown as InboxStore;
  return { store, pages };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('EventStream', () => {
  let unwatched = 0;
  const watcher = {
    watch: () => () => {
      unwatched += 1;
    },
  } as unknown as InboxWatcher;

  it('reads the next page only after the socket drained what it had', async () => {
    const res = new StalledResponse();
    const { store, pages } = inboxOf(500);
    const stream = new EventStream(
      res as unknown as ServerResponse,
      'P',
      { afterSeq: 0, limit: 0, filter: {}, format: 'json' },
      {
        inbox: store,
        watcher,
        heartbeatMs: 60_000,
        recipient: { id: 'P' },
        stillValid: async () => true,
      },
    );
    const done = stream.run();
    await flush();
    // One page read, one event written, then it waits for 'drain' however much is left.
    expect(pages).toEqual([0]);
    expect(res.events()).toHaveLength(1);
    for (let i = 0; i < 60; i++) {
      res.drain();
      await flush();
    }
    expect(res.events()).toHaveLength(61);
    expect(pages).toEqual([0, 50]);
    expect(res.events().map((id) => decodeCursor(id))).toEqual(Array.from({ length: 61 }, (_, i) => i + 1));
    stream.close();
    res.emit('close');
    await done;
    expect(unwatched).toBe(1);
    expect(res.writableEnded).toBe(true);
  });

  it('resumes after the cursor it was given', async () => {
    const res = new StalledResponse();
    const { store, pages } = inboxOf(10);
    const stream = new EventStream(
      res as unknown as ServerResponse,
      'P',
      { afterSeq: 7, limit: 0, filter: {}, format: 'json' },
      {
        inbox: store,
        watcher,
        heartbeatMs: 60_000,
        recipient: { id: 'P' },
        stillValid: async () => true,
      },
    );
    const done = stream.run();
    for (let i = 0; i < 5; i++) {
      res.drain();
      await flush();
    }
    expect(res.events().map((id) => decodeCursor(id))).toEqual([8, 9, 10]);
    expect(pages[0]).toBe(7);
    stream.close();
    await done;
  });

  it('is cut off at the next heartbeat once the key no longer stands, with a page still queued', async () => {
    const res = new StalledResponse();
    const { store } = inboxOf(10);
    let valid = true;
    const stream = new EventStream(
      res as unknown as ServerResponse,
      'P',
      { afterSeq: 0, limit: 0, filter: {}, format: 'json' },
      {
        inbox: store,
        watcher,
        heartbeatMs: 20,
        recipient: { id: 'P' },
        stillValid: async () => valid,
      },
    );
    const done = stream.run();
    await flush();
    expect(res.events()).toHaveLength(1);
    valid = false; // revoked, or the participant deactivated
    await done; // ends without the reader ever draining
    expect(res.writableEnded).toBe(true);
    expect(res.events()).toHaveLength(1);
  });
});
