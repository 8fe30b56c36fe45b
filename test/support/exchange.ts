import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TestDatabase } from './database';
import { freePorts } from './free-port';
import { kafkaEnv } from './kafka-client';
import { waitFor } from './wait';

export type AppName = 'gateway' | 'validator' | 'router' | 'dashboard' | 'notifier';
const ALL_APPS: AppName[] = ['validator', 'router', 'gateway', 'dashboard', 'notifier'];
const ROOT = path.resolve(__dirname, '../..');

/**
 * The exchange's apps, run from the compiled build (`npm run build`) as separate processes against the test broker
 * and a test database, each test file on its own topic prefix so files do not see each other's traffic.
 */
export class Exchange {
  private readonly children = new Map<AppName, ChildProcess>();
  /** Apps killed on purpose (by `kill` or `stop`): a supervised exchange does not restart those. */
  private readonly stopping = new Set<ChildProcess>();
  readonly logs = new Map<AppName, string[]>();
  /** Restarts of apps that exited on their own, by app. */
  readonly restarts = new Map<AppName, number>();
  /**
   * Restart an app that exits on its own, after a second, as `npm start` and docker-compose do: an app that gives
   * up on a lost broker or database exits to be restarted, and the fault suite needs that supervisor.
   */
  supervise = false;

  private constructor(
    readonly env: NodeJS.ProcessEnv,
    readonly topicPrefix: string,
    readonly adminToken: string,
    readonly gatewayUrl: string,
    readonly dashboardUrl: string,
    /** Extra node flags for every app (e.g. `--cpu-prof` from the benchmark). */
    readonly nodeArgs: string[] = [],
  ) {}

  static async start(
    db: TestDatabase,
    apps: AppName[] = ALL_APPS,
    extraEnv: NodeJS.ProcessEnv = {},
    nodeArgs: string[] = [],
  ) {
    const topicPrefix = `t${randomBytes(4).toString('hex')}`;
    const adminToken = `test-admin-${randomBytes(12).toString('hex')}`;
    const [gateway, dashboard, validator, router, notifier] = await freePorts(5);
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      ...kafkaEnv(),
      DATABASE_URL: db.url,
      CX_DATA_DIR: db.dataDir,
      CX_TOPIC_PREFIX: topicPrefix,
      CX_ADMIN_TOKEN: adminToken,
      CX_LOG_LEVEL: 'warn',
      PORT: String(gateway),
      DASHBOARD_PORT: String(dashboard),
      CX_VALIDATOR_PORT: String(validator),
      CX_ROUTER_PORT: String(router),
      CX_NOTIFIER_PORT: String(notifier),
      ...extraEnv,
    };
    if (!db.url) delete env.DATABASE_URL;
    const x = new Exchange(
      env,
      topicPrefix,
      adminToken,
      `http://127.0.0.1:${gateway}`,
      `http://127.0.0.1:${dashboard}`,
      nodeArgs,
    );
    for (const app of apps) x.spawn(app);
    await x.waitReady();
    return x;
  }

  spawn(app: AppName): void {
    const entry = path.join(ROOT, 'dist', 'apps', app, 'src', 'main.js');
    if (!fs.existsSync(entry))
      throw new Error(`${entry} is missing: run \`npm run build\` first (npm test does)`);
    const child = spawn(process.execPath, ['--enable-source-maps', ...this.nodeArgs, entry], {
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines = this.logs.get(app) ?? [];
    this.logs.set(app, lines);
    const keep = (b: Buffer) => lines.push(...b.toString('utf8').split('\n').filter(Boolean));
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    child.once('exit', (code, signal) => {
      if (!this.supervise || this.stopping.has(child)) return;
      lines.push(`[supervisor] ${app} exited (${signal ?? code}); restarting in 1 s`);
      this.restarts.set(app, (this.restarts.get(app) ?? 0) + 1);
      setTimeout(() => {
        if (this.children.get(app) === child && !this.stopping.has(child)) this.spawn(app);
      }, 1000);
    });
    this.children.set(app, child);
  }

  /** The HTTP port of an app (each serves /health and /metrics). */
  portOf(app: AppName): string {
    const variable = {
      gateway: 'PORT',
      dashboard: 'DASHBOARD_PORT',
      validator: 'CX_VALIDATOR_PORT',
      router: 'CX_ROUTER_PORT',
      notifier: 'CX_NOTIFIER_PORT',
    }[app];
    return this.env[variable]!;
  }

  /** Waits until every app listens and the gateway's /health says the whole pipeline is ready. */
  async waitReady(timeoutMs = 90_000): Promise<void> {
    const listening = async (app: AppName) =>
      (await fetch(`http://127.0.0.1:${this.portOf(app)}/metrics`).catch(() => undefined))?.status === 200;
    await waitFor(
      async () => {
        for (const [app, child] of this.children) {
          if (child.exitCode !== null && !this.supervise)
            throw new Error(`${app} exited (${child.exitCode}):\n${this.tail(app)}`);
          if (!(await listening(app))) return false;
        }
        if (!this.children.has('gateway')) return true;
        const res = await fetch(`${this.gatewayUrl}/health`).catch(() => undefined);
        return res?.status === 200;
      },
      { timeoutMs, what: 'the exchange to report healthy' },
    );
  }

  /** The process id of a running app. */
  pid(app: AppName): number {
    const child = this.children.get(app);
    if (!child?.pid) throw new Error(`${app} is not running`);
    return child.pid;
  }

  tail(app: AppName, n = 30): string {
    return (this.logs.get(app) ?? []).slice(-n).join('\n');
  }

  /** Kills an app at once (no shutdown hooks), as a crash would. */
  async kill(app: AppName, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.children.get(app);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    this.stopping.add(child);
    child.kill(signal);
    await exited;
  }

  async stop(): Promise<void> {
    this.supervise = false;
    await Promise.all([...this.children.keys()].map((app) => this.kill(app, 'SIGTERM')));
  }
}
