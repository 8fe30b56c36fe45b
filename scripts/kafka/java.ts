/** The machine's `java` (JAVA_HOME first): the Kafka tools and the broker's JVM. */
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Layout } from './layout';

function javaBinary(): string {
  const home = process.env.JAVA_HOME;
  if (home) {
    const bin = path.join(home, 'bin', process.platform === 'win32' ? 'java.exe' : 'java');
    if (fs.existsSync(bin)) return bin;
  }
  return 'java';
}

export function runJava(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(javaBinary(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.once('error', (err) => reject(javaError(err)));
    child.once('close', (code) => resolve({ code, output }));
  });
}

export function javaError(err: Error): Error {
  if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
    return new Error(
      '`java` (17 or newer) is needed to run the local Kafka broker: install a JDK, set JAVA_HOME, or set KAFKA_BROKERS',
    );
  }
  return err;
}

export function log4jArgs(l: Layout): string[] {
  return [`-Dlog4j2.configurationFile=${l.log4jProperties}`, `-Dkafka.logs.dir=${l.logsDir}`];
}

/** Starts the broker's JVM, its output appended to `logs/jvm.out`. */
export function spawnBroker(l: Layout, classpath: string, heapMb: number): ChildProcess {
  const out = fs.openSync(l.stdoutFile, 'a');
  const child = spawn(
    javaBinary(),
    [
      `-Xmx${heapMb}m`,
      `-Xms${Math.min(128, heapMb)}m`,
      '-XX:+UseG1GC',
      '-XX:MaxGCPauseMillis=20',
      '-Djava.awt.headless=true',
      ...log4jArgs(l),
      '-cp',
      classpath,
      'kafka.Kafka',
      l.serverProperties,
    ],
    // Own process group: a Ctrl-C in the terminal reaches the parent, which stops the broker last, after the apps.
    { stdio: ['ignore', out, out], detached: true },
  );
  fs.closeSync(out);
  return child;
}
