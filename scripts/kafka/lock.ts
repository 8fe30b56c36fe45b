/**
 * One broker per data folder: `broker.lock` names the process that runs it, `broker.pid` the JVM it started, so a
 * broker left running by a process that died is found and stopped at the next start.
 */
import * as fs from 'node:fs';
import { Layout } from './layout';
import { commandLineOf, isAlive, STOP_GRACE_MS, waitForExit } from './processes';

/** Thrown when the port or the data folder is already taken by a broker that is in use. */
export class BrokerInUseError extends Error {
  override readonly name = 'BrokerInUseError';
}

export interface PidRecord {
  /** The JVM. */
  pid: number;
  /** The process that started it and is to stop it. */
  owner: number;
}

function readPidFile(file: string): PidRecord | undefined {
  try {
    const rec = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<PidRecord>;
    if (Number.isInteger(rec.pid) && Number.isInteger(rec.owner)) return rec as PidRecord;
  } catch {
    // missing or unreadable: nothing to stop
  }
  return undefined;
}

/**
 * One process at a time runs the broker of a data folder: `broker.lock` (created exclusively) names it. A lock whose
 * process is gone (it crashed or was killed) is taken over; one whose process still runs fails with BrokerInUseError.
 */
export function acquireLock(l: Layout): void {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    try {
      const fd = fs.openSync(l.lockFile, 'wx');
      fs.writeSync(fd, `${process.pid}\n`);
      fs.closeSync(fd);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = Number.parseInt(fs.readFileSync(l.lockFile, 'utf8').trim() || '0', 10);
    if (owner > 0 && isAlive(owner)) {
      throw new BrokerInUseError(
        `the local Kafka broker of ${l.root} is run by process ${owner}` +
          `${owner === process.pid ? ' (this process)' : ''}: stop it first, or use another data folder and other ports`,
      );
    }
    fs.rmSync(l.lockFile, { force: true }); // its process is gone; try to take it over
  }
  throw new BrokerInUseError(`could not lock ${l.lockFile}: another process keeps taking it`);
}

export function releaseLock(l: Layout): void {
  try {
    if (Number.parseInt(fs.readFileSync(l.lockFile, 'utf8').trim(), 10) === process.pid)
      fs.rmSync(l.lockFile);
  } catch {
    // not ours or already gone
  }
}

/** With the lock held, a broker still running from this folder was left behind by a process that is gone: stop it. */
export async function stopStaleBroker(l: Layout, log: (line: string) => void): Promise<void> {
  const rec = readPidFile(l.pidFile);
  if (rec && isAlive(rec.pid)) {
    const cmd = commandLineOf(rec.pid);
    // Only a JVM running kafka.Kafka on this folder's server.properties: a reused pid is left alone.
    if (cmd && cmd.includes('kafka.Kafka') && cmd.includes(l.serverProperties)) {
      log(`stopping a stale Kafka broker (pid ${rec.pid}) left running from ${l.root}`);
      process.kill(rec.pid, 'SIGTERM');
      if (!(await waitForExit(rec.pid, STOP_GRACE_MS))) {
        process.kill(rec.pid, 'SIGKILL');
        await waitForExit(rec.pid, 5_000);
      }
    }
  }
  fs.rmSync(l.pidFile, { force: true });
}
