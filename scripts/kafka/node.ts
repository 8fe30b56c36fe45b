/**
 * One KRaft node (broker and controller in one JVM) from its folder: taken (the lock, a stale broker stopped, the
 * ports checked), configured, formatted and started. The single broker (local-broker.ts) is one such node; a local
 * cluster (cluster.ts) is three. Readiness is the caller's: a node of a cluster answers only once a quorum is up.
 */
import { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Credentials } from './credentials';
import { javaError, spawnBroker } from './java';
import { Layout } from './layout';
import { acquireLock, PidRecord, releaseLock, stopStaleBroker } from './lock';
import { assertPortsFree } from './ports';
import { stopChild } from './processes';
import { log4jProperties, NodeRole, ProxiedListener, serverProperties } from './properties';
import { formatStorage } from './storage';

export interface NodeSpec {
  layout: Layout;
  port: number;
  controllerPort: number;
  heapMb: number;
  role?: NodeRole;
  proxied?: ProxiedListener;
}

export interface RunningNode {
  child: ChildProcess;
  pid: number;
  /** Rejects if the JVM could not be spawned at all (no `java`). */
  spawnError: Promise<never>;
  /** SIGTERM and wait (SIGKILL after the grace period), or SIGKILL at once; releases the folder. Idempotent. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
}

/** Locks the node's folder, stops a broker a dead process left there, wipes it if `fresh`, checks the ports. */
export async function takeNodeFolder(
  spec: NodeSpec,
  fresh: boolean | undefined,
  log: (line: string) => void,
): Promise<void> {
  const l = spec.layout;
  fs.mkdirSync(l.root, { recursive: true });
  acquireLock(l);
  try {
    await stopStaleBroker(l, log);
    if (fresh) {
      const keep = path.basename(l.lockFile);
      for (const entry of fs.readdirSync(l.root).filter((e) => e !== keep)) {
        fs.rmSync(path.join(l.root, entry), { recursive: true, force: true });
      }
    }
    fs.mkdirSync(l.dataDirs, { recursive: true });
    fs.mkdirSync(l.logsDir, { recursive: true });
    await assertPortsFree(spec.port, spec.controllerPort);
  } catch (err) {
    releaseLock(l);
    throw err;
  }
}

/** Writes the node's configuration, formats its storage once, and spawns its JVM (the folder already taken). */
export async function launchNode(
  spec: NodeSpec,
  classpath: string,
  version: string,
  credentials: Credentials,
  log: (line: string) => void,
): Promise<RunningNode> {
  const l = spec.layout;
  fs.writeFileSync(
    l.serverProperties,
    serverProperties(l, spec.port, spec.controllerPort, credentials, spec.proxied, spec.role),
    { mode: 0o600 },
  );
  fs.writeFileSync(l.log4jProperties, log4jProperties(l));
  await formatStorage(l, classpath, version, credentials, log);

  const child = spawnBroker(l, classpath, spec.heapMb);
  const spawnError = new Promise<never>((_, reject) => child.once('error', (err) => reject(javaError(err))));
  spawnError.catch(() => undefined);
  if (child.pid === undefined) await spawnError;
  const pid = child.pid as number;
  fs.writeFileSync(l.pidFile, `${JSON.stringify({ pid, owner: process.pid } satisfies PidRecord)}\n`);

  // If this process exits without calling stop() (an uncaught error, process.exit), take the broker down with it.
  const onExit = () => {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  process.on('exit', onExit);

  let stopping: Promise<void> | undefined;
  const stop = (signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> => {
    stopping ??= (async () => {
      process.removeListener('exit', onExit);
      await stopChild(child, signal);
      fs.rmSync(l.pidFile, { force: true });
      releaseLock(l);
    })();
    return stopping;
  };
  return { child, pid, spawnError, stop };
}
