import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedHook {
  headers: http.IncomingHttpHeaders;
  body: string;
  /** What this target answered. */
  status: number;
}

/**
 * A webhook endpoint on 127.0.0.1 for tests: records every POST and answers what `answer` says (a status code), so a
 * test can make it fail for a while, or for good, and change its mind.
 */
export class WebhookTarget {
  readonly received: ReceivedHook[] = [];
  url = '';
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const hook = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      const status = this.answer(hook, this.received.length);
      this.received.push({ ...hook, status });
      // 0: never answer, so the notifier's request times out.
      if (status !== 0) res.writeHead(status).end();
    });
  });

  private constructor(public answer: (hook: Omit<ReceivedHook, 'status'>, index: number) => number) {}

  static async start(answer: WebhookTarget['answer'] = () => 200): Promise<WebhookTarget> {
    const target = new WebhookTarget(answer);
    await new Promise<void>((resolve) => target.server.listen(0, '127.0.0.1', resolve));
    target.url = `http://127.0.0.1:${(target.server.address() as AddressInfo).port}/hooks/cx`;
    return target;
  }

  /** Ids of the envelopes this target answered 2xx, in the order it took them. */
  taken(): string[] {
    return this.received
      .filter((r) => r.status >= 200 && r.status < 300)
      .map((r) => (JSON.parse(r.body) as { id: string }).id);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
