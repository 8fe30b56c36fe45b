import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AppExit, Supervisor } from '../../libs/bootstrap/src/supervisor';
import { AppName, APPS, PORT_VARIABLES } from '../../libs/config/src/apps';
import { TestDatabase } from './database';
import { freePorts } from './free-port';
import { kafkaEnv } from './kafka-client';
import { waitFor } from './wait';

export type { AppName };
const DIST = path.resolve(__dirname, '../../dist');

/**
 * The exchange's apps, run from the compiled build (`npm run build`) as separate processes against the test broker
 * and a test database, each test file on its own topic prefix so files do not see each other's traffic.
 */
export class Exchange {
  readonly logs = new Map<AppName, string[]>();
  /**
   * Restart an app that exits on its own, after a second, as `npm start` and docker-compose do: an app that gives
   * up on a lost broker or database exits to be restarted, and the fault suite needs that supervisor. Apps killed on
   * purpose (by `kill` or `stop`) are not restarted.
   */
  supervise = false;
  private readonly apps: Supervisor;
  /** CX_TEST_LOG_DIR: where every app's whole log is written too (see `record`). */
  private readonly logDir = process.env.CX_TEST_LOG_DIR;
  /** Second instances of apps (`spawnSecond`), each on HTTP ports of its own, as a deployment with two of each. */
  private second?: { apps: Supervisor; env: NodeJS.ProcessEnv };

  private constructor(
    readonly env: NodeJS.ProcessEnv,
    readonly topicPrefix: string,
    readonly adminToken: string,
    readonly gatewayUrl: string,
    readonly dashboardUrl: string,
    /** Extra node flags for every app (e.g. `--cpu-prof` from the benchmark). */
    nodeArgs: string[] = [],
  ) {
    if (this.logDir) fs.mkdirSync(this.logDir, { recursive: true });
    this.apps = new Supervisor({
      distDir: DIST,
      env,
      nodeArgs,
      onLine: (app, line) => this.record(app, line),
      restartAfter: (app, exit) => this.restartAfter(app, exit),
    });
  }

  private restartAfter(app: AppName, exit: AppExit, which = '') {
    if (!this.supervise) return undefined;
    this.record(app, `[supervisor] ${app}${which} exited (${exit.signal ?? exit.code}); restarting in 1 s`);
    return 1000;
  }

  /** Restarts of apps that exited on their own, by app. */
  get restarts(): ReadonlyMap<AppName, number> {
    return this.apps.restarts;
  }

  static async start(
    db: TestDatabase,
    apps: readonly AppName[] = APPS,
    extraEnv: NodeJS.ProcessEnv = {},
    nodeArgs: string[] = [],
  ) {
    const topicPrefix = `t${randomBytes(4).toString('hex')}`;
    const adminToken = `test-admin-${randomBytes(12).toString('hex')}`;
    const ports = await freePorts(APPS.length);
    const port = Object.fromEntries(APPS.map((app, i) => [app, String(ports[i])])) as Record<AppName, string>;
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      ...kafkaEnv(),
      DATABASE_URL: db.url,
      CX_DATA_DIR: db.dataDir,
      CX_TOPIC_PREFIX: topicPrefix,
      CX_ADMIN_TOKEN: adminToken,
      CX_LOG_LEVEL: process.env.CX_TEST_APP_LOG_LEVEL ?? 'warn',
      // Unsigned declarations throughout the other specs; test/evidence.e2e-spec.ts turns the default policy on.
      CX_SIGNATURE_REQUIRED: 'none',
      ...Object.fromEntries(APPS.map((app) => [PORT_VARIABLES[app], port[app]])),
      // An A/B of the allocator's settings (README, "Memory") runs the apps with the bench's own.
      ...(process.env.MALLOC_ARENA_MAX ? { MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX } : {}),
      ...extraEnv,
    };
    if (!db.url) delete env.DATABASE_URL;
    const x = new Exchange(
      env,
      topicPrefix,
      adminToken,
      `http://127.0.0.1:${port.gateway}`,
      `http://127.0.0.1:${port.dashboard}`,
      nodeArgs,
    );
    for (const app of apps) x.spawn(app);
    await x.waitReady();
    return x;
  }

  spawn(app: AppName): void {
    this.apps.start(app);
  }

  /**
   * Starts a second instance of `app` beside the first, and waits until it listens. It has HTTP ports of its own and
   * an instance id of its own (CX_INSTANCE_ID `second`: distinct transactional ids), and is supervised as the first.
   */
  async spawnSecond(app: AppName): Promise<void> {
    if (!this.second) {
      const ports = await freePorts(APPS.length);
      const env = {
        ...this.env,
        CX_INSTANCE_ID: 'second',
        ...Object.fromEntries(APPS.map((a, i) => [PORT_VARIABLES[a], String(ports[i])])),
      };
      const apps = new Supervisor({
        distDir: DIST,
        env,
        onLine: (a, line) => this.record(a, `[second] ${line}`),
        restartAfter: (a, exit) => this.restartAfter(a, exit, ' (second)'),
      });
      this.second = { apps, env };
    }
    this.second.apps.start(app);
    const port = this.second.env[PORT_VARIABLES[app]];
    await waitFor(
      async () => (await fetch(`http://127.0.0.1:${port}/metrics`).catch(() => undefined))?.status === 200,
      { timeoutMs: 90_000, what: `the second ${app} to listen` },
    );
  }

  /** The second gateway's URL, once `spawnSecond('gateway')` started it. */
  get secondGatewayUrl(): string | undefined {
    const port = this.second?.apps.processes.has('gateway') && this.second.env[PORT_VARIABLES.gateway];
    return port ? `http://127.0.0.1:${port}` : undefined;
  }

  /** Stops the second instance of `app`: SIGTERM lets it shut down, SIGKILL is a crash. */
  killSecond(app: AppName, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    return this.second?.apps.kill(app, signal) ?? Promise.resolve();
  }

  /**
   * Keeps an app's log line. CX_TEST_LOG_DIR writes every line to a file of the app too, to read after a failed run
   * what an app did beyond the tails the specs print.
   */
  private record(app: AppName, line: string): void {
    const lines = this.logs.get(app) ?? [];
    this.logs.set(app, lines);
    lines.push(line);
    if (this.logDir) {
      fs.appendFileSync(
        path.join(this.logDir, `${this.topicPrefix}-${app}.log`),
        `${new Date().toISOString()} ${line}\n`,
      );
    }
  }

  /** The HTTP port of an app (each serves /health and /metrics). */
  portOf(app: AppName): string {
    return this.env[PORT_VARIABLES[app]]!;
  }

  /** Waits until every app listens and the gateway's /health says the whole pipeline is ready. */
  async waitReady(timeoutMs = 90_000): Promise<void> {
    const listening = async (app: AppName, env = this.env) =>
      (await fetch(`http://127.0.0.1:${env[PORT_VARIABLES[app]]}/metrics`).catch(() => undefined))?.status ===
      200;
    await waitFor(
      async () => {
        for (const [app, child] of this.apps.processes) {
          if (child.exitCode !== null && !this.supervise)
            throw new Error(`${app} exited (${child.exitCode}):\n${this.tail(app)}`);
          if (!(await listening(app))) return false;
        }
        for (const app of this.second?.apps.processes.keys() ?? []) {
          if (!(await listening(app, this.second!.env))) return false;
        }
        if (!this.apps.processes.has('gateway')) return true;
        const res = await fetch(`${this.gatewayUrl}/health`).catch(() => undefined);
        return res?.status === 200;
      },
      { timeoutMs, what: 'the exchange to report healthy' },
    );
  }

  /** The process id of a running app. */
  pid(app: AppName): number {
    const child = this.apps.processes.get(app);
    if (!child?.pid) throw new Error(`${app} is not running`);
    return child.pid;
  }

  /** The process id of the second instance of an app, if it runs. */
  secondPid(app: AppName): number | undefined {
    return this.second?.apps.processes.get(app)?.pid;
  }

  tail(app: AppName, n = 30): string {
    return (this.logs.get(app) ?? []).slice(-n).join('\n');
  }

  /** Kills an app at once (no shutdown hooks), as a crash would. */
  kill(app: AppName, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    return this.apps.kill(app, signal);
  }

  async stop(): Promise<void> {
    this.supervise = false;
    await Promise.all([this.apps.stopAll(), this.second?.apps.stopAll()]);
  }
}
