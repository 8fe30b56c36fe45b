/**
 * The broker's jars: resolved once with Maven from scripts/kafka/pom.xml (`dependency:build-classpath`); they stay in
 * ~/.m2 and the resulting classpath is cached under ~/.cache/cx-kafka/ (or CX_KAFKA_CACHE), so a later start runs no
 * Maven at all and needs no network.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface KafkaClasspath {
  version: string;
  classpath: string;
  /** True when Maven ran now, false when the cached classpath was used. */
  fetched: boolean;
}

/** The folder holding package.json and scripts/kafka/pom.xml: found from this file (ts source or dist/) or the cwd. */
export function repoRoot(): string {
  const starts = [__dirname, process.cwd()];
  for (const start of starts) {
    let dir = path.resolve(start);
    for (;;) {
      if (
        fs.existsSync(path.join(dir, 'package.json')) &&
        fs.existsSync(path.join(dir, 'scripts', 'kafka', 'pom.xml'))
      ) {
        return dir;
      }
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new Error(`cannot find scripts/kafka/pom.xml above ${__dirname} or ${process.cwd()}`);
}

export function pomPath(): string {
  return path.join(repoRoot(), 'scripts', 'kafka', 'pom.xml');
}

/** The pinned Apache Kafka version: `<kafka.version>` in scripts/kafka/pom.xml, the one place it is set. */
export function kafkaVersion(pom = pomPath()): string {
  const m = /<kafka\.version>\s*([^<\s]+)\s*<\/kafka\.version>/.exec(fs.readFileSync(pom, 'utf8'));
  if (!m) throw new Error(`${pom} has no <kafka.version>`);
  return m[1];
}

function cacheRoot(): string {
  if (process.env.CX_KAFKA_CACHE) return path.resolve(process.env.CX_KAFKA_CACHE);
  const xdg = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(xdg, 'cx-kafka');
}

function runMaven(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('mvn', args, { maxBuffer: 32 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (!err) return resolve();
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        return reject(
          new Error(
            'Apache Maven (`mvn`) is needed once, to fetch Apache Kafka from Maven Central: install it ' +
              '(e.g. `apt-get install maven`), or set KAFKA_BROKERS to use a broker you run yourself',
          ),
        );
      }
      const output = `${stdout}\n${stderr}`.trim().split('\n').slice(-30).join('\n');
      reject(new Error(`mvn ${args.join(' ')} failed (${err.message.split('\n')[0]}):\n${output}`));
    });
  });
}

/**
 * Ensures the broker's jars are on this machine and returns its classpath. Maven runs only when the cached
 * classpath is missing, was made from another pom, or names a jar that is no longer in the local Maven repository.
 */
export async function ensureKafkaClasspath(log: (line: string) => void): Promise<KafkaClasspath> {
  const pom = pomPath();
  const pomText = fs.readFileSync(pom);
  const version = kafkaVersion(pom);
  const key = createHash('sha256').update(pomText).digest('hex').slice(0, 12);
  const dir = path.join(cacheRoot(), `${version}-${key}`);
  const cpFile = path.join(dir, 'classpath.txt');
  const cached = readClasspath(cpFile);
  if (cached) return { version, classpath: cached, fetched: false };

  log(`Fetching Apache Kafka ${version} from Maven Central (first run only)…`);
  const started = Date.now();
  fs.mkdirSync(dir, { recursive: true });
  const tmp = `${cpFile}.${process.pid}.tmp`;
  const args = [
    '-B',
    '-q',
    '-Dstyle.color=never',
    '-f',
    pom,
    'dependency:build-classpath',
    `-Dmdep.outputFile=${tmp}`,
  ];
  await runMaven(args);
  const classpath = readClasspath(tmp);
  if (!classpath) throw new Error(`mvn wrote no usable classpath to ${tmp}`);
  fs.renameSync(tmp, cpFile);
  log(
    `Apache Kafka ${version} fetched in ${((Date.now() - started) / 1000).toFixed(1)} s (jars in the local Maven repository)`,
  );
  return { version, classpath, fetched: true };
}

function readClasspath(file: string): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
  const jars = text.split(path.delimiter).filter(Boolean);
  if (jars.length === 0 || !jars.some((j) => /kafka_2\.13-/.test(path.basename(j)))) return undefined;
  return jars.every((j) => fs.existsSync(j)) ? jars.join(path.delimiter) : undefined;
}
