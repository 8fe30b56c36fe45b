import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { call, corpusMessage, Envelope, registerCorridor, waitUntilRoutable } from './support/corridor';
import { createTestDatabase, TestDatabase } from './support/database';
import { Exchange } from './support/exchange';
import { freePort } from './support/free-port';
import { waitFor } from './support/wait';

const EXAMPLES = path.resolve(__dirname, '../examples');

/** One example program run with node, its output kept line by line. */
class Example {
  readonly lines: string[] = [];
  private readonly child: ChildProcess;

  constructor(file: string, env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, [path.join(EXAMPLES, file)], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (b: Buffer) => this.lines.push(...b.toString('utf8').split('\n').filter(Boolean));
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
  }

  async waitForLine(pattern: RegExp, what: string): Promise<void> {
    await waitFor(
      () => {
        if (this.child.exitCode !== null && this.child.exitCode !== 0)
          throw new Error(`example exited (${this.child.exitCode}):\n${this.lines.join('\n')}`);
        return this.lines.some((l) => pattern.test(l));
      },
      { what, timeoutMs: 60_000 },
    );
  }

  async exited(): Promise<number | null> {
    if (this.child.exitCode !== null) return this.child.exitCode;
    return new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  stop(): void {
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
  }
}

/** The programs in examples/ run as users would run them, with node, against a running exchange. */
describe('examples', () => {
  let db: TestDatabase;
  let x: Exchange;
  let keys: Record<string, string>;
  const running: Example[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    x = await Exchange.start(db, undefined, { CX_INBOX_POLL_MS: '50' });
    keys = await registerCorridor(x);
    await waitUntilRoutable(x, keys);
  });

  afterAll(async () => {
    for (const e of running) e.stop();
    await x?.stop();
    await db?.drop();
  });

  const run = (file: string, env: NodeJS.ProcessEnv) => {
    const e = new Example(file, env);
    running.push(e);
    return e;
  };

  async function send(e: Envelope): Promise<void> {
    const res = await call(x, 'POST', '/v1/messages', keys[e.sender], e);
    expect(res.status).toBe(202);
  }

  // Handed over at Poti: routed to the customs of Georgia.
  const status = () => corpusMessage('transport.status/valid-handed-over-poti', true);

  it('all three receive what is routed to GE-CUSTOMS: Kafka consumer, event stream follower, webhook receiver', async () => {
    const port = await freePort();
    const receiver = run('webhook-receiver.js', {
      CX_GATEWAY_URL: x.gatewayUrl,
      CX_API_KEY: keys['GE-CUSTOMS'],
      CX_WEBHOOK_SECRET: 'example-secret-0123456789',
      PORT: String(port),
      MAX_MESSAGES: '2',
    });
    await receiver.waitForLine(/^subscribed /, 'the receiver to subscribe');
    const follower = run('follow-stream.js', {
      CX_GATEWAY_URL: x.gatewayUrl,
      CX_API_KEY: keys['GE-CUSTOMS'],
      CX_TYPES: 'transport.status',
      MAX_MESSAGES: '2',
    });
    await follower.waitForLine(/^connected$/, 'the follower to connect');
    // GE-CUSTOMS's own Kafka credential, as its admin would hand it over: the example connects with it.
    const credential = await call(
      x,
      'POST',
      '/v1/admin/participants/GE-CUSTOMS/kafka-credential',
      x.adminToken,
    );
    expect(credential.status).toBe(201);
    const consumer = run('customs-kafka-consumer.js', {
      KAFKA_BROKERS: process.env.KAFKA_BROKERS,
      KAFKA_SASL_PASSWORD: credential.body.password as string,
      CX_TOPIC_PREFIX: x.topicPrefix,
      CX_PARTICIPANT: 'GE-CUSTOMS',
      MAX_MESSAGES: '2',
    });

    const sent = [status(), status()];
    for (const e of sent) await send(e);
    for (const e of sent) {
      const line = new RegExp(`transport\\.status ${e.consignmentRef} ${e.id}$`);
      await consumer.waitForLine(line, `the Kafka consumer to print ${e.id}`);
      await follower.waitForLine(line, `the follower to print ${e.id}`);
      await receiver.waitForLine(new RegExp(`^verified ${line.source}`), `the receiver to verify ${e.id}`);
    }
    // Each stops by itself after two messages; the receiver deletes its subscription as it goes.
    expect(await Promise.all([consumer.exited(), follower.exited(), receiver.exited()])).toEqual([0, 0, 0]);
    expect(receiver.lines.filter((l) => /^(duplicate|refused|unsubscribing failed)/.test(l))).toEqual([]);
    expect(receiver.lines).toContainEqual(expect.stringMatching(/^unsubscribed /));
    expect((await call(x, 'GET', '/v1/subscriptions', keys['GE-CUSTOMS'])).body).toEqual([]);
  });

  it('the follower resumes after the last cursor it printed, without a gap or a repeat', async () => {
    const inbox = await call(x, 'GET', '/v1/inbox?types=transport.status', keys['GE-CUSTOMS']);
    const items = inbox.body.items as Array<{ cursor: string; message: Envelope }>;
    const next = status();
    await send(next);
    const follower = run('follow-stream.js', {
      CX_GATEWAY_URL: x.gatewayUrl,
      CX_API_KEY: keys['GE-CUSTOMS'],
      CX_TYPES: 'transport.status',
      CX_LAST_EVENT_ID: items[items.length - 1].cursor,
      MAX_MESSAGES: '1',
    });
    expect(await follower.exited()).toBe(0);
    expect(
      follower.lines.filter((l) => / transport\.status /.test(l)).map((l) => l.split(' ').pop()),
    ).toEqual([next.id]);
  });
});
