import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AppName } from '@cx/config';

export interface AppExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** How often the supervisor restarted this app before. */
  restarts: number;
}

export interface SupervisorOptions {
  /** The build's root: an app runs from `<distDir>/apps/<app>/src/main.js`. */
  distDir: string;
  env: NodeJS.ProcessEnv;
  /** Extra node flags for every app (e.g. `--cpu-prof`). */
  nodeArgs?: string[];
  /** Each non-empty line an app prints. */
  onLine: (app: AppName, line: string, stream: 'stdout' | 'stderr') => void;
  /** An app exited on its own: milliseconds until it runs again, or undefined to leave it stopped. */
  restartAfter: (app: AppName, exit: AppExit) => number | undefined;
}

/**
 * What every app runs with unless the environment says otherwise. `MALLOC_ARENA_MAX=4`: glibc gives each thread that
 * allocates (V8's compiler and GC helpers, libuv's pool) an arena of its own, up to 8 a core, and keeps what they
 * freed resident. Four cut the gateway's peak by 23 MB at no CPU cost in the bench; two cut it by 57 MB but cost it
 * 18 % more CPU a message (README, "Memory"). The Dockerfile sets the same.
 */
export const APP_ENV_DEFAULTS: Readonly<NodeJS.ProcessEnv> = { MALLOC_ARENA_MAX: '4' };

/**
 * Runs the exchange's apps as child processes and restarts one that exits on its own, as docker-compose's
 * `restart: unless-stopped` does: an app that gives up on a lost broker or database exits to be restarted. An app
 * stopped on purpose (`kill`, `stopAll`) stays stopped. Used by `npm start` and the tests.
 */
export class Supervisor {
  /** Restarts of apps that exited on their own, by app. */
  readonly restarts = new Map<AppName, number>();
  private readonly children = new Map<AppName, ChildProcess>();
  private readonly stopped = new Set<ChildProcess>();
  private closed = false;

  constructor(private readonly options: SupervisorOptions) {}

  /** The latest process of each app started, running or not. */
  get processes(): ReadonlyMap<AppName, ChildProcess> {
    return this.children;
  }

  start(app: AppName): void {
    const { distDir, env, nodeArgs = [], onLine } = this.options;
    const entry = path.join(distDir, 'apps', app, 'src', 'main.js');
    if (!fs.existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first`);
    const child = spawn(process.execPath, ['--enable-source-maps', ...nodeArgs, entry], {
      env: { ...APP_ENV_DEFAULTS, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const relay = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) onLine(app, line, stream);
    };
    child.stdout!.on('data', relay('stdout'));
    child.stderr!.on('data', relay('stderr'));
    child.once('exit', (code, signal) => this.exited(app, child, code, signal));
    this.children.set(app, child);
  }

  /** Stops an app on purpose and waits for its exit; SIGKILL after `killAfterMs`, if given. */
  async kill(app: AppName, signal: NodeJS.Signals = 'SIGTERM', killAfterMs?: number): Promise<void> {
    const child = this.children.get(app);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    this.stopped.add(child);
    child.kill(signal);
    const timer =
      killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    await exited;
    clearTimeout(timer);
  }

  /** Stops every app (SIGTERM, so consumers leave their groups and producers flush); none is restarted after. */
  async stopAll(killAfterMs?: number): Promise<void> {
    this.closed = true;
    await Promise.all([...this.children.keys()].map((app) => this.kill(app, 'SIGTERM', killAfterMs)));
  }

  private exited(
    app: AppName,
    child: ChildProcess,
    code: number | null,
    signal: NodeJS.Signals | null,
  ): void {
    if (this.closed || this.stopped.has(child)) return;
    const restarts = this.restarts.get(app) ?? 0;
    const delay = this.options.restartAfter(app, { code, signal, restarts });
    if (delay === undefined) return;
    this.restarts.set(app, restarts + 1);
    setTimeout(() => {
      if (!this.closed && this.children.get(app) === child && !this.stopped.has(child)) this.start(app);
    }, delay);
  }
}
