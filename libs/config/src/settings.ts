import * as path from 'node:path';
import { ENV_VARS, EnvVarName } from './env-vars';
import { AppName, PORT_VARIABLES } from './apps';
import { KafkaSecurity, parseKafkaSecurity } from './kafka-security';

export type NodeEnv = 'development' | 'test' | 'production';
export type LogLevel = 'error' | 'warn' | 'log' | 'debug' | 'verbose';

/** The exchange's settings, parsed and checked once at start. */
export interface Settings {
  nodeEnv: NodeEnv;
  host: string;
  ports: Record<AppName, number>;
  /** The gateway's base URL as the dashboard reaches it (its `/v1` proxy's upstream). */
  gatewayUrl: string;
  kafka: {
    /** Undefined when the launcher must start a local broker. */
    brokers: string[] | undefined;
    localPort: number;
    localControllerPort: number;
    topicPrefix: string;
    partitions: number;
    replication: number;
    /** `min.insync.replicas` of the topics it creates: never more than `replication`. */
    minInsync: number;
    /** TLS and SASL of every client connection (KAFKA_SSL*, KAFKA_SASL_*). */
    security: KafkaSecurity;
  };
  database: { kind: 'postgres'; url: string } | { kind: 'sqlite'; file: string };
  dataDir: string;
  /** Undefined when unset; resolveAdminToken() decides what that means. */
  adminToken: string | undefined;
  /** Messages per second per participant over HTTP. */
  rateLimit: number;
  /** How long the gateway waits for Kafka's acknowledgment of a submission before it answers 503. */
  kafkaAckTimeoutMs: number;
  /** Pull, stream and webhook delivery of participants' inboxes. */
  receiving: {
    pollMs: number;
    sseHeartbeatMs: number;
    webhookTimeoutMs: number;
    retryBaseMs: number;
    retryMaxMs: number;
    maxFailures: number;
  };
  /** Signed messages and the evidence chain. */
  signing: {
    /** The exchange's key file (libs/evidence exchange-keys.ts). */
    keysFile: string;
    /** Message types whose sender must sign them. */
    required: ReadonlySet<string>;
  };
  /** How long history is kept (0: forever); the notifier prunes (libs/persistence retention.ts). */
  retention: {
    deliveriesDays: number;
    bodiesDays: number;
    intervalMs: number;
  };
  /** This instance's name among several of one pipeline app (CX_INSTANCE_ID); undefined when it runs alone. */
  instanceId: string | undefined;
  logLevel: LogLevel;
}

/** A bad configuration: every problem found, each naming its variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  raw(name: EnvVarName): string | undefined {
    const value = this.env[name];
    if (value !== undefined && value.trim() !== '') return value.trim();
    return ENV_VARS[name].default;
  }

  text(name: EnvVarName): string {
    return this.raw(name) ?? '';
  }

  oneOf<T extends string>(name: EnvVarName, allowed: readonly T[]): T {
    const value = this.text(name);
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.problems.push(`${name}=${JSON.stringify(value)} must be one of ${allowed.join(', ')}`);
    return allowed[0];
  }

  integer(name: EnvVarName, min: number, max: number): number {
    const value = this.text(name);
    const n = Number(value);
    if (/^\d+$/.test(value) && n >= min && n <= max) return n;
    this.problems.push(`${name}=${JSON.stringify(value)} must be a whole number from ${min} to ${max}`);
    return min;
  }

  port(name: EnvVarName): number {
    return this.integer(name, 1, 65535);
  }
}

const BROKER = /^[A-Za-z0-9.-]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/;
const TOPIC_PREFIX = /^[A-Za-z0-9._-]{1,100}$/;

function parseBrokers(r: Reader): string[] | undefined {
  const value = r.raw('KAFKA_BROKERS');
  if (value === undefined) return undefined;
  const brokers = value.split(',').map((b) => b.trim());
  const bad = brokers.filter((b) => !BROKER.test(b));
  if (bad.length > 0 || brokers.length === 0) {
    r.problems.push(
      `KAFKA_BROKERS=${JSON.stringify(value)} must be a comma list of host:port (bad: ${bad.join(', ')})`,
    );
  }
  return brokers;
}

function parseDatabase(r: Reader, dataDir: string): Settings['database'] {
  const url = r.raw('DATABASE_URL');
  if (url === undefined) return { kind: 'sqlite', file: path.join(dataDir, 'corridor.sqlite') };
  if (!/^postgres(ql)?:\/\/[^\s]+$/.test(url)) {
    r.problems.push(
      'DATABASE_URL must be a postgres:// or postgresql:// URL (unset it to use the embedded SQLite)',
    );
  }
  return { kind: 'postgres', url };
}

function parseGatewayUrl(r: Reader, host: string, port: number): string {
  const url = r.raw('CX_GATEWAY_URL');
  if (url === undefined) return `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${port}`;
  if (!/^https?:\/\/[^\s/]+(:\d+)?\/?$/.test(url)) {
    r.problems.push(
      `CX_GATEWAY_URL=${JSON.stringify(url)} must be an http(s) URL such as http://gateway:3000`,
    );
  }
  return url.replace(/\/$/, '');
}

function parseTopicPrefix(r: Reader): string {
  const prefix = r.text('CX_TOPIC_PREFIX');
  if (!TOPIC_PREFIX.test(prefix)) {
    r.problems.push(
      `CX_TOPIC_PREFIX=${JSON.stringify(prefix)} may hold only letters, digits, '.', '_' and '-'`,
    );
  }
  return prefix;
}

/** A record acknowledged by `minInsync` replicas must be possible at all: more than there are would refuse every write. */
function parseReplication(r: Reader): { replication: number; minInsync: number } {
  const replication = r.integer('CX_TOPIC_REPLICATION', 1, 10);
  const minInsync = r.integer('CX_TOPIC_MIN_INSYNC', 1, 10);
  if (minInsync > replication) {
    r.problems.push(
      `CX_TOPIC_MIN_INSYNC=${minInsync} exceeds CX_TOPIC_REPLICATION=${replication}: no write could ever be ` +
        'acknowledged (min.insync.replicas must be at most the replication factor)',
    );
  }
  return { replication, minInsync };
}

/** Part of a transactional id: the characters of a topic name, kept short. */
const INSTANCE_ID = /^[A-Za-z0-9._-]{1,64}$/;

function parseInstanceId(r: Reader): string | undefined {
  const id = r.raw('CX_INSTANCE_ID');
  if (id !== undefined && !INSTANCE_ID.test(id)) {
    r.problems.push(
      `CX_INSTANCE_ID=${JSON.stringify(id)} may hold only letters, digits, '.', '_' and '-' (at most 64)`,
    );
  }
  return id;
}

const TYPE_LIST = /^[a-z]+\.[a-z]+(,[a-z]+\.[a-z]+)*$/;

function parseSigning(r: Reader, dataDir: string): Settings['signing'] {
  const list = r.text('CX_SIGNATURE_REQUIRED').replace(/\s+/g, '');
  if (list !== 'none' && !TYPE_LIST.test(list)) {
    r.problems.push(
      `CX_SIGNATURE_REQUIRED=${JSON.stringify(list)} must be a comma list of message types, or none`,
    );
  }
  return {
    keysFile: path.resolve(r.raw('CX_SIGNING_KEYS_FILE') ?? path.join(dataDir, 'signing-keys.json')),
    required: new Set(list === 'none' ? [] : list.split(',')),
  };
}

/** Up to about a century: customs records are kept for years, never for ever by accident of an overflow. */
const MAX_RETENTION_DAYS = 36_500;

/**
 * A body is kept at least as long as the deliveries that show it (an inbox page, an event, a webhook post carries the
 * body): pruning bodies needs a delivery retention, no longer than theirs.
 */
function parseRetention(r: Reader): Settings['retention'] {
  const deliveriesDays = r.integer('CX_RETAIN_DELIVERIES_DAYS', 0, MAX_RETENTION_DAYS);
  const bodiesDays = r.integer('CX_RETAIN_BODIES_DAYS', 0, MAX_RETENTION_DAYS);
  if (bodiesDays > 0 && (deliveriesDays === 0 || bodiesDays < deliveriesDays)) {
    r.problems.push(
      `CX_RETAIN_BODIES_DAYS=${bodiesDays} must be 0 (keep forever) or at least CX_RETAIN_DELIVERIES_DAYS (${deliveriesDays || 'unset: forever'}): deliveries show their message's body`,
    );
  }
  return { deliveriesDays, bodiesDays, intervalMs: r.integer('CX_RETENTION_INTERVAL_MS', 1000, 86_400_000) };
}

/** Parses and checks the environment; throws one ConfigError listing every bad variable. */
export function loadSettings(env: Env = process.env): Settings {
  const r = new Reader(env);
  const dataDir = path.resolve(r.text('CX_DATA_DIR'));
  const nodeEnv = r.oneOf<NodeEnv>('NODE_ENV', ['development', 'test', 'production']);
  const adminToken = r.raw('CX_ADMIN_TOKEN');
  if (adminToken !== undefined && adminToken.length < 16) {
    r.problems.push('CX_ADMIN_TOKEN must be at least 16 characters long');
  }
  if (nodeEnv === 'production' && adminToken === undefined) {
    r.problems.push('CX_ADMIN_TOKEN is required when NODE_ENV=production');
  }
  const host = r.text('CX_HOST');
  const gatewayPort = r.port(PORT_VARIABLES.gateway);
  const settings: Settings = {
    nodeEnv,
    host,
    gatewayUrl: parseGatewayUrl(r, host, gatewayPort),
    ports: {
      gateway: gatewayPort,
      dashboard: r.port(PORT_VARIABLES.dashboard),
      validator: r.port(PORT_VARIABLES.validator),
      router: r.port(PORT_VARIABLES.router),
      notifier: r.port(PORT_VARIABLES.notifier),
    },
    kafka: {
      brokers: parseBrokers(r),
      localPort: r.port('CX_KAFKA_PORT'),
      localControllerPort: r.port('CX_KAFKA_CONTROLLER_PORT'),
      topicPrefix: parseTopicPrefix(r),
      partitions: r.integer('CX_TOPIC_PARTITIONS', 1, 1000),
      ...parseReplication(r),
      security: parseKafkaSecurity(env, r.problems),
    },
    database: parseDatabase(r, dataDir),
    dataDir,
    adminToken,
    rateLimit: r.integer('CX_RATE_LIMIT', 1, 1_000_000),
    kafkaAckTimeoutMs: r.integer('CX_KAFKA_ACK_TIMEOUT_MS', 100, 600_000),
    receiving: {
      pollMs: r.integer('CX_INBOX_POLL_MS', 10, 60_000),
      sseHeartbeatMs: r.integer('CX_SSE_HEARTBEAT_MS', 100, 600_000),
      webhookTimeoutMs: r.integer('CX_WEBHOOK_TIMEOUT_MS', 100, 120_000),
      retryBaseMs: r.integer('CX_WEBHOOK_RETRY_BASE_MS', 10, 3_600_000),
      retryMaxMs: r.integer('CX_WEBHOOK_RETRY_MAX_MS', 10, 86_400_000),
      maxFailures: r.integer('CX_WEBHOOK_MAX_FAILURES', 1, 1000),
    },
    signing: parseSigning(r, dataDir),
    retention: parseRetention(r),
    instanceId: parseInstanceId(r),
    logLevel: r.oneOf<LogLevel>('CX_LOG_LEVEL', ['error', 'warn', 'log', 'debug', 'verbose']),
  };
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return settings;
}
