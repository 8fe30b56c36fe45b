import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createTestDatabase, TestDatabase } from './support/database';
import { Exchange } from './support/exchange';
import { waitFor } from './support/wait';

describe('the exchange on a real broker and database', () => {
  let db: TestDatabase;
  let x: Exchange;
  // Where the apps write a heap snapshot when sent SIGUSR2, as an operator would start them to diagnose memory.
  const diagnostics = fs.mkdtempSync(path.join(os.tmpdir(), 'cx-heap-'));

  beforeAll(async () => {
    db = await createTestDatabase();
    x = await Exchange.start(db, undefined, {}, [
      '--heapsnapshot-signal=SIGUSR2',
      `--diagnostic-dir=${diagnostics}`,
    ]);
  });

  afterAll(async () => {
    await x?.stop();
    await db?.drop();
    fs.rmSync(diagnostics, { recursive: true, force: true });
  });

  it('reports ready on /health once Kafka, the database and the pipeline consumers are', async () => {
    const res = await fetch(`${x.gatewayUrl}/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; details: Record<string, { status: string }> };
    expect(body.status).toBe('ok');
    expect(body.details.kafka.status).toBe('up');
    expect(body.details.database.status).toBe('up');
  });

  it('serves Prometheus metrics on every HTTP app', async () => {
    for (const app of ['gateway', 'dashboard', 'validator', 'router', 'notifier'] as const) {
      const res = await fetch(`http://127.0.0.1:${x.portOf(app)}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await res.text()).toMatch(/^cx_process_cpu_user_seconds_total\{app="\w+"\} /m);
    }
  });

  it('answers 503 on /health while a pipeline consumer is down', async () => {
    await x.kill('router');
    // The broker notices the dead member after its session timeout; health must turn unready, then ready again.
    await waitFor(async () => (await fetch(`${x.gatewayUrl}/health`)).status === 503, {
      timeoutMs: 60_000,
      what: '/health to report 503 without the router',
    });
    x.spawn('router');
    await x.waitReady();
  });

  it('runs every app with four malloc arenas unless the environment says otherwise', () => {
    for (const app of ['gateway', 'dashboard', 'validator', 'router', 'notifier'] as const) {
      const environ = fs.readFileSync(`/proc/${x.pid(app)}/environ`, 'utf8').split('\0');
      expect(environ).toContain(`MALLOC_ARENA_MAX=${process.env.MALLOC_ARENA_MAX ?? '4'}`);
    }
  });

  it('writes a heap snapshot on SIGUSR2 and keeps running (only SIGTERM, SIGINT and SIGHUP shut an app down)', async () => {
    const pid = x.pid('gateway');
    process.kill(pid, 'SIGUSR2');
    const written = () => fs.readdirSync(diagnostics).filter((f) => f.endsWith(`.${pid}.0.001.heapsnapshot`));
    await waitFor(() => written().length === 1, { what: 'the gateway to write its heap snapshot' });
    await x.waitReady();
    expect(x.pid('gateway')).toBe(pid);
    expect(x.restarts.get('gateway') ?? 0).toBe(0);
    // Nest re-raises the signal it shut down on: a second snapshot would follow the first.
    expect(fs.readdirSync(diagnostics).filter((f) => f.includes(`.${pid}.`))).toHaveLength(1);
  });
});

describe('configuration', () => {
  it('refuses a bad value at start, naming the variable', async () => {
    const { spawnSync } = await import('node:child_process');
    const path = await import('node:path');
    const entry = path.resolve(__dirname, '../dist/apps/gateway/src/main.js');
    const r = spawnSync(process.execPath, [entry], {
      env: { PATH: process.env.PATH, PORT: 'not-a-port', KAFKA_BROKERS: '127.0.0.1:1' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status).toBe(78);
    expect(r.stderr).toContain('PORT="not-a-port" must be a whole number from 1 to 65535');
  });
});
