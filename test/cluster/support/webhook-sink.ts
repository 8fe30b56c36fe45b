import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A delivery the sink took: its 2xx answer was written whole to the notifier's connection. */
export interface TakenHook {
  id: string;
  consignmentRef: string;
}

/** A post the sink holds unanswered (see `holdNext`). */
export interface HeldPost {
  id: string;
  /** Answers it 200 (if its notifier is still there to hear it). */
  release(): void;
  /** Resolves when its connection closed before an answer: the notifier that posted it is gone. */
  abandoned: Promise<void>;
}

/**
 * A webhook endpoint for the cluster fault suite. A delivery counts as taken only once the sink's 2xx answer left
 * it whole: a post whose notifier died first was never answered, so posting it again (as the contract allows,
 * "never posted twice once a 2xx came back") is no duplicate. `holdNext` keeps the next post unanswered, so that a
 * test can kill the notifier exactly while it posts.
 */
export class WebhookSink {
  readonly taken: TakenHook[] = [];
  url = '';
  private hold?: (post: HeldPost) => void;
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as TakenHook;
      const hook = { id: body.id, consignmentRef: body.consignmentRef };
      res.once('finish', () => this.taken.push(hook));
      const hold = this.hold;
      if (!hold) return void res.writeHead(200).end();
      this.hold = undefined;
      const abandoned = new Promise<void>((resolve) =>
        res.once('close', () => {
          if (!res.writableFinished) resolve();
        }),
      );
      hold({ id: hook.id, release: () => res.writeHead(200).end(), abandoned });
    });
  });

  static async start(): Promise<WebhookSink> {
    const sink = new WebhookSink();
    await new Promise<void>((resolve) => sink.server.listen(0, '127.0.0.1', resolve));
    sink.url = `http://127.0.0.1:${(sink.server.address() as AddressInfo).port}/hooks/cx`;
    return sink;
  }

  /** Resolves with the next post, which stays unanswered until released. */
  holdNext(): Promise<HeldPost> {
    return new Promise((resolve) => (this.hold = resolve));
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
