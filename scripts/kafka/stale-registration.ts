/**
 * A single KRaft node killed (SIGKILL, a power cut) leaves its broker registered in the metadata log. When the node
 * starts again, its controller gives that old registration a fresh session, refuses the new one
 * (DUPLICATE_BROKER_REGISTRATION) until the session times out (broker.session.timeout.ms, 9 s), and then fences it:
 * for a moment every partition has no leader. The broker half, meanwhile, already leads its partitions from the old
 * registration and its transaction coordinator resends the markers of the transactions that were completing when the
 * node died. Markers it cannot deliver when the fence strikes are skipped ("Couldn't find leader endpoint … likely
 * deleted already") and the transaction is recorded as complete: its records stay open on their partitions forever.
 * The last stable offset stops there, `read_committed` consumers see nothing past it, and a group whose offsets were
 * in that transaction reads UNSTABLE_OFFSET_COMMIT for ever. The fault suite's broker crashes hit this about one run in
 * three (the pipeline stalled; before OffsetFetch asked for stable offsets, a batch was routed twice).
 *
 * So before such a restart the node's folder is first run as a controller alone, with a short broker session: it
 * fences the stale registration while no broker leads anything, and stops. The node then starts with its broker
 * fenced, registers at once, and leads its partitions only once registered, when every marker has a leader to go to.
 * Only the single node needs this: in a cluster the other controllers fence a dead broker and other replicas lead.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Credentials } from './credentials';
import { spawnBroker } from './java';
import { Layout } from './layout';
import { stopChild } from './processes';
import { controllerOnlyProperties, STALE_SESSION_MS } from './properties';
import { isFormatted } from './storage';

/** Kafka writes this file into each log dir when it shuts down cleanly, and deletes it when it starts. */
const CLEAN_SHUTDOWN_FILE = '.kafka_cleanshutdown';
const FENCED = /Fencing broker \d+ at epoch \d+ because its session has timed out/;
const ACTIVE = /Becoming the active controller/;

/** Whether the node's storage was used and the node did not shut down cleanly the last time it ran. */
export function stoppedUncleanly(l: Layout): boolean {
  return isFormatted(l) && !fs.existsSync(path.join(l.dataDirs, CLEAN_SHUTDOWN_FILE));
}

/**
 * Runs the node's folder as a controller alone until a stale broker registration is fenced (or, if none was left,
 * until its session would have timed out), then stops it. Bounded: after `timeoutMs` the node starts anyway.
 */
export async function fenceStaleRegistration(
  l: Layout,
  controllerPort: number,
  classpath: string,
  credentials: Credentials,
  log: (line: string) => void,
  timeoutMs = 60_000,
): Promise<void> {
  const started = Date.now();
  const file = path.join(l.root, 'controller-only.properties');
  fs.writeFileSync(file, controllerOnlyProperties(l, controllerPort, credentials), { mode: 0o600 });
  const serverLog = new LogTail(l.logFile);
  const child = spawnBroker(l, classpath, 256, file);
  child.once('error', () => undefined);
  let outcome = 'no fence seen before the time limit';
  try {
    let activeAt: number | undefined;
    while (Date.now() - started < timeoutMs && child.exitCode === null) {
      await sleep(100);
      const text = serverLog.read();
      if (FENCED.test(text)) {
        outcome = 'the registration the killed broker left is fenced';
        break;
      }
      if (activeAt === undefined && ACTIVE.test(text)) activeAt = Date.now();
      // Active, and nothing fenced a session's length (and a margin) later: no stale registration was left.
      if (activeAt !== undefined && Date.now() - activeAt > STALE_SESSION_MS + 3000) {
        outcome = 'no registration was left to fence';
        break;
      }
    }
  } finally {
    await stopChild(child);
  }
  log(
    `restart after an unclean stop: ran as a controller alone first (${outcome}) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

/** What a log file gained since this was made: each `read` reads only the new bytes and returns all of it so far. */
class LogTail {
  private offset: number;
  private text = '';

  constructor(private readonly file: string) {
    this.offset = fs.existsSync(file) ? fs.statSync(file).size : 0;
  }

  read(): string {
    try {
      const fd = fs.openSync(this.file, 'r');
      try {
        const size = fs.fstatSync(fd).size;
        // The log rolled over (20 MB): the new file is read from its start.
        if (size < this.offset) this.offset = 0;
        const buf = Buffer.alloc(size - this.offset);
        fs.readSync(fd, buf, 0, buf.length, this.offset);
        this.offset = size;
        this.text += buf.toString('utf8');
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      // not written yet
    }
    return this.text;
  }
}
