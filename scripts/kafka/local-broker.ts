/**
 * A real, single-node Apache Kafka broker (KRaft: one process that is both broker and controller) on 127.0.0.1,
 * run straight from Maven Central jars with the machine's `java`: no Docker, no downloaded tarball.
 *
 * - The jars are resolved once with Maven from scripts/kafka/pom.xml (`dependency:build-classpath`); they stay in
 *   ~/.m2 and the resulting classpath is cached under ~/.cache/cx-kafka/ (or CX_KAFKA_CACHE), so a later start runs
 *   no Maven at all and needs no network.
 * - Everything the broker writes lives under `<dataDir>/kafka/`: the KRaft log dirs, server.properties, the
 *   broker's own log (`logs/server.log`), its pid file, the lock naming the process that runs it, and the cluster id
 *   it was formatted with. A broker left running by a process that died is found there and stopped at the next start.
 *
 * - Secured: every client authenticates (SASL SCRAM-SHA-512) and Kafka's StandardAuthorizer allows only what an ACL
 *   allows. The exchange's super-user credential is generated into `credentials.json` at the first format.
 *
 * Plain TypeScript on node built-ins and kafkajs only, so both `npm start` and the jest global setup can use it.
 */
import { ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel } from 'kafkajs';

export interface LocalBrokerOptions {
  /** Data folder (CX_DATA_DIR); the broker keeps everything under `<dataDir>/kafka/`. */
  dataDir: string;
  /** Client (PLAINTEXT) port, default 9092. */
  port?: number;
  /** KRaft controller port, default 9093. */
  controllerPort?: number;
  /** JVM heap ceiling in MiB, default 512. */
  heapMb?: number;
  /** Wipe `<dataDir>/kafka/` before starting (after stopping a stale broker of that folder): a clean broker for tests. */
  fresh?: boolean;
  /** How long to wait for the broker to answer, default 90 s. */
  readyTimeoutMs?: number;
  /** Progress lines (fetching, formatting, started). Default: console.log with a `[kafka]` prefix. */
  log?: (line: string) => void;
  /**
   * A second client listener on `port` that tells clients to reach it on `advertisedPort`: a test puts a proxy there
   * so that every connection of the clients it bootstraps goes through that proxy.
   */
  proxied?: { port: number; advertisedPort: number };
}

/** The exchange's own credential on the local broker: a super user, SCRAM-SHA-512. */
export interface BrokerCredential {
  mechanism: 'scram-sha-512';
  username: string;
  password: string;
}

export interface LocalBroker {
  /** Bootstrap servers, e.g. `['127.0.0.1:9092']`. */
  brokers: string[];
  /** The listener authenticates every client (SASL SCRAM-SHA-512); this is the exchange's super-user credential. */
  credential: BrokerCredential;
  /** The JVM's process id. */
  pid: number;
  /** Apache Kafka version that runs. */
  version: string;
  /** The broker's own log file. */
  logFile: string;
  /**
   * SIGTERM, wait for a clean exit (SIGKILL after 15 s); with `'SIGKILL'`, a crash at once (the fault suite's).
   * Safe to call more than once.
   */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
}

export interface KafkaClasspath {
  version: string;
  classpath: string;
  /** True when Maven ran now, false when the cached classpath was used. */
  fetched: boolean;
}

const STOP_GRACE_MS = 15_000;
const defaultLog = (line: string) => console.log(`[kafka] ${line}`);

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
export async function ensureKafkaClasspath(
  log: (line: string) => void = defaultLog,
): Promise<KafkaClasspath> {
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

function javaBinary(): string {
  const home = process.env.JAVA_HOME;
  if (home) {
    const bin = path.join(home, 'bin', process.platform === 'win32' ? 'java.exe' : 'java');
    if (fs.existsSync(bin)) return bin;
  }
  return 'java';
}

/** Kafka's cluster ids are 16 random bytes in URL-safe base64 without padding, never starting with '-'. */
function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

interface Layout {
  root: string;
  dataDirs: string;
  logsDir: string;
  logFile: string;
  stdoutFile: string;
  serverProperties: string;
  log4jProperties: string;
  pidFile: string;
  lockFile: string;
  clusterIdFile: string;
  formattedByFile: string;
  credentialsFile: string;
}

function layoutOf(dataDir: string): Layout {
  const root = path.join(path.resolve(dataDir), 'kafka');
  const logsDir = path.join(root, 'logs');
  return {
    root,
    dataDirs: path.join(root, 'data'),
    logsDir,
    logFile: path.join(logsDir, 'server.log'),
    stdoutFile: path.join(logsDir, 'jvm.out'),
    serverProperties: path.join(root, 'server.properties'),
    log4jProperties: path.join(root, 'log4j2.properties'),
    pidFile: path.join(root, 'broker.pid'),
    lockFile: path.join(root, 'broker.lock'),
    clusterIdFile: path.join(root, 'cluster.id'),
    formattedByFile: path.join(root, 'formatted-by-version'),
    credentialsFile: path.join(root, 'credentials.json'),
  };
}

/** The exchange's super user; participants' principals are their ids (upper case), so the names cannot meet. */
export const EXCHANGE_PRINCIPAL = 'cx-exchange';
/** The broker's own principal on its client listener (inter-broker traffic: to itself, on one node). */
const BROKER_PRINCIPAL = 'cx-broker';
/** The principal the broker presents to its controller listener (SASL PLAIN, a JAAS-configured user). */
const CONTROLLER_PRINCIPAL = 'cx-controller';
/**
 * How long an authenticated connection lives before the client must authenticate again: a deleted credential is
 * refused at once on new connections and, on those already open, within this time. It is not shorter because
 * kafkajs re-authenticates when less than 10 s (its reauthenticationThreshold) remain: a 10 s lifetime would make
 * every kafkajs client authenticate before each request. Revoking also deletes the ACLs, which takes effect at once.
 */
const MAX_REAUTH_MS = 60_000;

/** Passwords of the three principals, generated once per data folder and kept there (mode 600). */
interface Credentials {
  exchange: string;
  broker: string;
  controller: string;
}

function loadCredentials(l: Layout, formatted: boolean): Credentials {
  try {
    return JSON.parse(fs.readFileSync(l.credentialsFile, 'utf8')) as Credentials;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (formatted) {
    throw new Error(
      `${l.dataDirs} was formatted before the local broker was secured and holds no SCRAM credentials for the ` +
        `exchange. Delete ${l.root} to start over with an empty, secured broker.`,
    );
  }
  const secret = () => randomBytes(24).toString('base64url');
  const credentials = { exchange: secret(), broker: secret(), controller: secret() };
  fs.writeFileSync(l.credentialsFile, `${JSON.stringify(credentials)}\n`, { mode: 0o600 });
  return credentials;
}

function jaas(module: 'plain.PlainLoginModule' | 'scram.ScramLoginModule', fields: Record<string, string>) {
  const options = Object.entries(fields).map(([k, v]) => `${k}="${v}"`);
  return `org.apache.kafka.common.security.${module} required ${options.join(' ')};`;
}

function serverProperties(
  l: Layout,
  port: number,
  controllerPort: number,
  c: Credentials,
  proxied?: LocalBrokerOptions['proxied'],
): string {
  const listeners = [`CLIENT://127.0.0.1:${port}`, `CONTROLLER://127.0.0.1:${controllerPort}`];
  const advertised = [`CLIENT://127.0.0.1:${port}`];
  const protocols = ['CLIENT:SASL_PLAINTEXT', 'CONTROLLER:SASL_PLAINTEXT'];
  const proxiedSasl: string[] = [];
  if (proxied) {
    // Secured as the client listener: the same SCRAM users and ACLs, only reached through the test's proxy.
    listeners.push(`PROXIED://127.0.0.1:${proxied.port}`);
    advertised.push(`PROXIED://127.0.0.1:${proxied.advertisedPort}`);
    protocols.push('PROXIED:SASL_PLAINTEXT');
    proxiedSasl.push(
      'listener.name.proxied.sasl.enabled.mechanisms=SCRAM-SHA-512',
      `listener.name.proxied.scram-sha-512.sasl.jaas.config=${jaas('scram.ScramLoginModule', {
        username: BROKER_PRINCIPAL,
        password: c.broker,
      })}`,
    );
  }
  return [
    '# Written by scripts/kafka/local-broker.ts at every start; edits here are overwritten.',
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    // Both listeners authenticate: clients with SCRAM-SHA-512 (credentials in the cluster metadata, managed through
    // the admin API), the controller listener with a single JAAS-configured PLAIN user that only this broker knows.
    `listeners=${listeners.join(',')}`,
    `advertised.listeners=${advertised.join(',')}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=CLIENT',
    `listener.security.protocol.map=${protocols.join(',')}`,
    'listener.name.client.sasl.enabled.mechanisms=SCRAM-SHA-512',
    ...proxiedSasl,
    'sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512',
    `listener.name.client.scram-sha-512.sasl.jaas.config=${jaas('scram.ScramLoginModule', {
      username: BROKER_PRINCIPAL,
      password: c.broker,
    })}`,
    'listener.name.controller.sasl.enabled.mechanisms=PLAIN',
    'sasl.mechanism.controller.protocol=PLAIN',
    `listener.name.controller.plain.sasl.jaas.config=${jaas('plain.PlainLoginModule', {
      username: CONTROLLER_PRINCIPAL,
      password: c.controller,
      [`user_${CONTROLLER_PRINCIPAL}`]: c.controller,
    })}`,
    `connections.max.reauth.ms=${MAX_REAUTH_MS}`,
    // Nothing is allowed that no ACL allows; the exchange, the broker and the controller are super users.
    'authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    'allow.everyone.if.no.acl.found=false',
    `super.users=User:${EXCHANGE_PRINCIPAL};User:${BROKER_PRINCIPAL};User:${CONTROLLER_PRINCIPAL}`,
    `log.dirs=${l.dataDirs}`,
    // One node: every replication factor and ISR minimum is 1.
    'num.partitions=3',
    'default.replication.factor=1',
    'min.insync.replicas=1',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=10',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=10',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    // Consumers join at once; the apps create their topics themselves.
    'group.initial.rebalance.delay.ms=0',
    'auto.create.topics.enable=false',
    'num.network.threads=2',
    'num.io.threads=4',
    'log.retention.hours=168',
    '',
  ].join('\n');
}

function log4jProperties(l: Layout): string {
  return [
    '# The broker logs to logs/server.log only (rolled at 20 MB, 3 kept), never to the terminal.',
    'status = warn',
    'appender.file.type = RollingFile',
    'appender.file.name = FILE',
    `appender.file.fileName = ${l.logFile}`,
    `appender.file.filePattern = ${l.logFile}.%i`,
    'appender.file.layout.type = PatternLayout',
    'appender.file.layout.pattern = [%d] %p %m (%c)%n',
    'appender.file.policies.type = Policies',
    'appender.file.policies.size.type = SizeBasedTriggeringPolicy',
    'appender.file.policies.size.size = 20MB',
    'appender.file.strategy.type = DefaultRolloverStrategy',
    'appender.file.strategy.max = 3',
    'rootLogger.level = INFO',
    'rootLogger.appenderRef.file.ref = FILE',
    // The request logger and the state-change logger are chatty at INFO.
    'logger.request.name = kafka.request.logger',
    'logger.request.level = WARN',
    'logger.state.name = state.change.logger',
    'logger.state.level = WARN',
    '',
  ].join('\n');
}

function tail(file: string, lines = 40): string {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text
      .split('\n')
      .slice(-lines - 1)
      .join('\n')
      .trimEnd();
  } catch {
    return '(no log)';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A killed process not yet reaped (a zombie) still answers signal 0.
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

function commandLineOf(pid: number): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    try {
      return (
        execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' }).trim() || undefined
      );
    } catch {
      return undefined;
    }
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(100);
  }
  return !isAlive(pid);
}

/** Thrown when the port or the data folder is already taken by a broker that is in use. */
export class BrokerInUseError extends Error {
  override readonly name = 'BrokerInUseError';
}

interface PidRecord {
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
function acquireLock(l: Layout): void {
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

function releaseLock(l: Layout): void {
  try {
    if (Number.parseInt(fs.readFileSync(l.lockFile, 'utf8').trim(), 10) === process.pid)
      fs.rmSync(l.lockFile);
  } catch {
    // not ours or already gone
  }
}

/** With the lock held, a broker still running from this folder was left behind by a process that is gone: stop it. */
async function stopStaleBroker(l: Layout, log: (line: string) => void): Promise<void> {
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

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function runJava(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(javaBinary(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.once('error', (err) => reject(javaError(err)));
    child.once('close', (code) => resolve({ code, output }));
  });
}

function javaError(err: Error): Error {
  if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
    return new Error(
      '`java` (17 or newer) is needed to run the local Kafka broker: install a JDK, set JAVA_HOME, or set KAFKA_BROKERS',
    );
  }
  return err;
}

function log4jArgs(l: Layout): string[] {
  return [`-Dlog4j2.configurationFile=${l.log4jProperties}`, `-Dkafka.logs.dir=${l.logsDir}`];
}

function isFormatted(l: Layout): boolean {
  return fs.existsSync(path.join(l.dataDirs, 'meta.properties'));
}

/** Formats the KRaft storage once, with a cluster id kept in the data folder and the SCRAM super users in it. */
async function formatStorage(
  l: Layout,
  classpath: string,
  version: string,
  c: Credentials,
  log: (line: string) => void,
): Promise<void> {
  if (isFormatted(l)) {
    const formattedBy = fs.existsSync(l.formattedByFile)
      ? fs.readFileSync(l.formattedByFile, 'utf8').trim()
      : undefined;
    if (formattedBy && compareVersions(formattedBy, version) > 0) {
      throw new Error(
        `${l.dataDirs} was formatted by Apache Kafka ${formattedBy}, newer than ${version} that would run now; ` +
          `Kafka's storage is not forward-compatible. Delete ${l.root} to start over with an empty broker.`,
      );
    }
    return;
  }
  let clusterId = fs.existsSync(l.clusterIdFile) ? fs.readFileSync(l.clusterIdFile, 'utf8').trim() : '';
  if (!/^[A-Za-z0-9_-]{22}$/.test(clusterId)) {
    clusterId = newClusterId();
    fs.writeFileSync(l.clusterIdFile, `${clusterId}\n`);
  }
  log(`formatting KRaft storage in ${l.dataDirs} (cluster id ${clusterId})`);
  const { code, output } = await runJava([
    ...log4jArgs(l),
    '-cp',
    classpath,
    'kafka.tools.StorageTool',
    'format',
    '--config',
    l.serverProperties,
    '--cluster-id',
    clusterId,
    '--ignore-formatted',
    '--add-scram',
    `SCRAM-SHA-512=[name=${EXCHANGE_PRINCIPAL},password=${c.exchange}]`,
    '--add-scram',
    `SCRAM-SHA-512=[name=${BROKER_PRINCIPAL},password=${c.broker}]`,
  ]);
  if (code !== 0) throw new Error(`formatting Kafka storage failed (exit ${code}):\n${output.trim()}`);
  fs.writeFileSync(l.formattedByFile, `${version}\n`);
}

/**
 * Resolves once the broker answers a metadata request naming itself and its group and transaction coordinators are
 * up, so that the apps' first consumers and transactions do not meet "coordinator not available / loading".
 */
async function waitUntilReady(
  broker: string,
  credential: BrokerCredential,
  child: ChildProcess,
  l: Layout,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const kafka = new Kafka({
    clientId: 'cx-local-broker-probe',
    brokers: [broker],
    sasl: credential,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 5000,
    retry: { retries: 0 },
  });
  let lastError: unknown;
  let answered = false;
  while (!answered && Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `the Kafka broker exited (${child.signalCode ?? `code ${child.exitCode}`}) before it was ready. ` +
          `Last lines of ${l.logFile}:\n${tail(l.logFile)}\n${tail(l.stdoutFile, 20)}`,
      );
    }
    const admin = kafka.admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      if (cluster.brokers.length > 0) {
        await admin.describeGroups(['cx-local-broker-probe']); // creates __consumer_offsets
        answered = true;
      }
    } catch (err) {
      lastError = err;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    if (!answered) await sleep(250);
  }
  if (!answered) {
    throw new Error(
      `the Kafka broker on ${broker} did not answer within ${Math.round(timeoutMs / 1000)} s` +
        `${lastError ? ` (last error: ${String(lastError)})` : ''}. Last lines of ${l.logFile}:\n${tail(l.logFile)}`,
    );
  }
  // One empty transaction creates __transaction_state.
  const warm = new Kafka({
    clientId: 'cx-local-broker-probe',
    brokers: [broker],
    sasl: credential,
    logLevel: logLevel.NOTHING,
  });
  const producer = warm.producer({
    transactionalId: 'cx-local-broker-probe',
    idempotent: true,
    maxInFlightRequests: 1,
  });
  try {
    await producer.connect();
    const tx = await producer.transaction();
    await tx.abort();
  } finally {
    await producer.disconnect().catch(() => undefined);
  }
}

/**
 * Starts the local broker and resolves once it answers. Fails with a clear message when a port is taken, Java or
 * Maven is missing, or the broker does not come up (with the tail of its log).
 */
export async function startLocalBroker(opts: LocalBrokerOptions): Promise<LocalBroker> {
  const log = opts.log ?? defaultLog;
  const port = opts.port ?? 9092;
  const controllerPort = opts.controllerPort ?? 9093;
  const heapMb = opts.heapMb ?? 512;
  const l = layoutOf(opts.dataDir);
  const started = Date.now();

  fs.mkdirSync(l.root, { recursive: true });
  acquireLock(l);
  try {
    await stopStaleBroker(l, log);
    if (opts.fresh) {
      const keep = path.basename(l.lockFile);
      for (const entry of fs.readdirSync(l.root).filter((e) => e !== keep)) {
        fs.rmSync(path.join(l.root, entry), { recursive: true, force: true });
      }
    }
    fs.mkdirSync(l.dataDirs, { recursive: true });
    fs.mkdirSync(l.logsDir, { recursive: true });
    for (const [what, p] of [
      ['port', port],
      ['controller port', controllerPort],
    ] as const) {
      if (!(await portFree(p))) {
        throw new BrokerInUseError(
          `cannot start the local Kafka broker: ${what} 127.0.0.1:${p} is already in use (another Kafka broker?). ` +
            `To use a broker that is already running set KAFKA_BROKERS (e.g. KAFKA_BROKERS=127.0.0.1:${p}); ` +
            'otherwise free the port or choose others with CX_KAFKA_PORT / CX_KAFKA_CONTROLLER_PORT.',
        );
      }
    }
    return await launch(l, {
      port,
      controllerPort,
      heapMb,
      log,
      started,
      readyTimeoutMs: opts.readyTimeoutMs ?? 90_000,
      proxied: opts.proxied,
    });
  } catch (err) {
    releaseLock(l);
    throw err;
  }
}

async function launch(
  l: Layout,
  o: {
    port: number;
    controllerPort: number;
    heapMb: number;
    log: (line: string) => void;
    started: number;
    readyTimeoutMs: number;
    proxied?: LocalBrokerOptions['proxied'];
  },
): Promise<LocalBroker> {
  const { port, controllerPort, heapMb, log, started } = o;
  const { version, classpath } = await ensureKafkaClasspath(log);
  const credentials = loadCredentials(l, isFormatted(l));
  const credential: BrokerCredential = {
    mechanism: 'scram-sha-512',
    username: EXCHANGE_PRINCIPAL,
    password: credentials.exchange,
  };
  fs.writeFileSync(l.serverProperties, serverProperties(l, port, controllerPort, credentials, o.proxied), {
    mode: 0o600,
  });
  fs.writeFileSync(l.log4jProperties, log4jProperties(l));
  await formatStorage(l, classpath, version, credentials, log);

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
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill(signal);
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(l.pidFile, { force: true });
      releaseLock(l);
    })();
    return stopping;
  };

  const broker = `127.0.0.1:${port}`;
  try {
    await Promise.race([waitUntilReady(broker, credential, child, l, o.readyTimeoutMs), spawnError]);
  } catch (err) {
    await stop();
    throw err;
  }
  log(
    `Apache Kafka ${version} ready on ${broker} (pid ${pid}) in ${((Date.now() - started) / 1000).toFixed(1)} s; log: ${l.logFile}`,
  );
  return { brokers: [broker], credential, pid, version, logFile: l.logFile, stop };
}
