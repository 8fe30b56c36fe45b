import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A delivery the sink took: its 2xx answer was written whole to the notifier's connection. */
export interface TakenHook {
  id: string;
  consignmentRef: string;
}

/** A post the sink holds unanswered (see `holdFrom`). */
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
 * "never posted twice once a 2xx came back") is no duplicate. `holdFrom` keeps every post unanswered from then on,
 * until `stopHolding`, so that a test can kill the notifier exactly while it posts: its retries of a post that timed
 * out are held too, so none of them can take a 2xx that the notifier would not live to record.
 */
export class WebhookSink {
  readonly taken: TakenHook[] = [];
  url = '';
  /** While holding: every post is kept here unanswered; the first also goes to `firstHeld`. */
  private holding?: { posts: HeldPost[]; firstHeld: (post: HeldPost) => void };
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as TakenHook;
      const hook = { id: body.id, consignmentRef: body.consignmentRef };
      res.once('finish', () => this.taken.push(hook));
      const holding = this.holding;
      if (!holding) return void res.writeHead(200).end();
      const abandoned = new Promise<void>((resolve) =>
        res.once('close', () => {
          if (!res.writableFinished) resolve();
        }),
      );
      const post = {
        id: hook.id,
        release: () => void (res.writableEnded || res.destroyed || res.writeHead(200).end()),
        abandoned,
      };
      holding.posts.push(post);
      if (holding.posts.length === 1) holding.firstHeld(post);
    });
  });

  static async start(): Promise<WebhookSink> {
    const sink = new WebhookSink();
    await new Promise<void>((resolve) => sink.server.listen(0, '127.0.0.1', resolve));
    sink.url = `http://127.0.0.1:${(sink.server.address() as AddressInfo).port}/hooks/cx`;
    return sink;
  }

  /** Holds every post from now on unanswered (until `stopHolding`); resolves with the first. */
  holdFrom(): Promise<HeldPost> {
    return new Promise((resolve) => (this.holding = { posts: [], firstHeld: resolve }));
  }

  /** Resolves once every post held so far lost its connection unanswered (its notifier is gone). */
  allAbandoned(): Promise<void> {
    return Promise.all((this.holding?.posts ?? []).map((p) => p.abandoned)).then(() => undefined);
  }

  /** Answers posts again, the held ones still open included (a notifier that is still there takes them). */
  stopHolding(): void {
    const posts = this.holding?.posts ?? [];
    this.holding = undefined;
    for (const post of posts) post.release();
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
