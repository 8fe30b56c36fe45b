/**
 * Every environment variable the exchange reads, defined once. The README's configuration table and
 * docker-compose.yml are reviewed against this list (see settings.spec.ts).
 */
export interface EnvVarSpec {
  name: string;
  default: string | undefined;
  meaning: string;
}

export const ENV_VARS = {
  NODE_ENV: {
    default: 'development',
    meaning: '`development`, `test` or `production` (production requires CX_ADMIN_TOKEN)',
  },
  PORT: { default: '3000', meaning: 'HTTP port of the gateway (public API, /docs, /health, /metrics)' },
  DASHBOARD_PORT: { default: '3001', meaning: 'HTTP port of the admin dashboard' },
  CX_GATEWAY_URL: {
    default: undefined,
    meaning:
      'Where the dashboard forwards its `/v1` calls. Unset: the gateway on this machine, `http://<CX_HOST>:<PORT>`',
  },
  CX_VALIDATOR_PORT: { default: '3002', meaning: 'HTTP port of the validator (only /health and /metrics)' },
  CX_ROUTER_PORT: { default: '3003', meaning: 'HTTP port of the router (only /health and /metrics)' },
  CX_NOTIFIER_PORT: { default: '3004', meaning: 'HTTP port of the notifier (only /health and /metrics)' },
  CX_HOST: {
    default: '127.0.0.1',
    meaning: 'Interface the HTTP servers listen on (`0.0.0.0` in containers)',
  },
  KAFKA_BROKERS: {
    default: undefined,
    meaning: 'Comma-separated Kafka bootstrap servers. Unset: `npm start` runs its own single-node broker',
  },
  CX_KAFKA_PORT: { default: '9092', meaning: 'Port of the local broker started when KAFKA_BROKERS is unset' },
  CX_KAFKA_CONTROLLER_PORT: { default: '9093', meaning: 'KRaft controller port of the local broker' },
  KAFKA_SSL: {
    default: 'false',
    meaning:
      '`true`: connect to Kafka over TLS (SASL_SSL or mutual TLS); the system CAs are trusted unless KAFKA_SSL_CA_FILE is set',
  },
  KAFKA_SSL_CA_FILE: {
    default: undefined,
    meaning: 'PEM file of the CA(s) that signed the brokers’ certificates',
  },
  KAFKA_SSL_CERT_FILE: {
    default: undefined,
    meaning: 'PEM client certificate for mutual TLS (with KAFKA_SSL_KEY_FILE)',
  },
  KAFKA_SSL_KEY_FILE: { default: undefined, meaning: 'PEM private key of the client certificate' },
  KAFKA_SSL_SERVERNAME: {
    default: undefined,
    meaning: 'TLS server name to verify when it differs from the bootstrap host',
  },
  KAFKA_SASL_MECHANISM: {
    default: undefined,
    meaning:
      '`plain`, `scram-sha-256` or `scram-sha-512`; unset: no SASL. `npm start` and the tests set it for their own broker',
  },
  KAFKA_SASL_USERNAME: { default: undefined, meaning: 'SASL user name (required with KAFKA_SASL_MECHANISM)' },
  KAFKA_SASL_PASSWORD: { default: undefined, meaning: 'SASL password (or KAFKA_SASL_PASSWORD_FILE)' },
  KAFKA_SASL_PASSWORD_FILE: {
    default: undefined,
    meaning: 'File holding the SASL password (e.g. a mounted secret), instead of KAFKA_SASL_PASSWORD',
  },
  CX_TOPIC_PREFIX: {
    default: 'cx',
    meaning: 'Prefix of every topic name (`cx.inbound`, `cx.deliver.<id>`, ...)',
  },
  CX_TOPIC_PARTITIONS: { default: '3', meaning: 'Partitions of topics the exchange creates' },
  CX_TOPIC_REPLICATION: { default: '1', meaning: 'Replication factor of topics the exchange creates' },
  CX_TOPIC_MIN_INSYNC: {
    default: '1',
    meaning:
      '`min.insync.replicas` of topics the exchange creates (at most CX_TOPIC_REPLICATION): with acks=all, the replicas that must have a record before it counts as written. 2 with replication 3',
  },
  CX_INSTANCE_ID: {
    default: undefined,
    meaning:
      'This instance among several of one pipeline app (validator, router): its transactional id becomes `<prefix>.<app>.<id>`. Each instance needs a distinct id, and the SAME id after a restart (so it fences its predecessor). Unset: `<prefix>.<app>`',
  },
  DATABASE_URL: {
    default: undefined,
    meaning:
      '`postgres://user:pass@host:5432/db` for PostgreSQL. Unset: SQLite file `<CX_DATA_DIR>/corridor.sqlite`',
  },
  CX_DATA_DIR: {
    default: '.cx',
    meaning: 'Data folder: SQLite file, local broker logs, generated admin token',
  },
  CX_ADMIN_TOKEN: {
    default: undefined,
    meaning:
      'Admin token for /v1/admin/* and the dashboard. Unset in development: generated once and kept in the data folder',
  },
  CX_RATE_LIMIT: {
    default: '1000',
    meaning:
      'Messages per second one participant may submit over HTTP (bursts up to twice that); over it: 429',
  },
  CX_KAFKA_ACK_TIMEOUT_MS: {
    default: '10000',
    meaning:
      'How long the gateway waits for Kafka to acknowledge a submission before answering 503 (retrying with the same id is safe)',
  },
  CX_INBOX_POLL_MS: {
    default: '250',
    meaning:
      'How often the gateway (event streams) and the notifier (webhooks) look for new deliveries, in milliseconds',
  },
  CX_SSE_HEARTBEAT_MS: {
    default: '15000',
    meaning:
      'Interval of the heartbeat comment on an idle event stream (`GET /v1/inbox/stream`), in milliseconds',
  },
  CX_WEBHOOK_TIMEOUT_MS: {
    default: '10000',
    meaning:
      'How long the notifier waits for a webhook endpoint to answer before counting the attempt as failed',
  },
  CX_WEBHOOK_RETRY_BASE_MS: {
    default: '1000',
    meaning: 'Delay before the first webhook retry; doubled for each further failure (with jitter)',
  },
  CX_WEBHOOK_RETRY_MAX_MS: { default: '3600000', meaning: 'Longest delay between two webhook retries' },
  CX_WEBHOOK_MAX_FAILURES: {
    default: '15',
    meaning: 'Consecutive failed attempts after which a subscription is paused until its owner resumes it',
  },
  CX_SIGNING_KEYS_FILE: {
    default: undefined,
    meaning:
      'JSON file of the exchange’s signing keys (receipts, chain heads). Unset: `<CX_DATA_DIR>/signing-keys.json`, generated on first start',
  },
  CX_SIGNATURE_REQUIRED: {
    default: 'customs.declaration,customs.decision',
    meaning: 'Comma list of message types that must carry the sender’s JWS (`none`: no type must)',
  },
  CX_RETAIN_DELIVERIES_DAYS: {
    default: '0',
    meaning:
      'Days a delivery (an inbox entry) is kept after it was routed; older ones are deleted by the notifier. `0`: kept forever (see Retention)',
  },
  CX_RETAIN_BODIES_DAYS: {
    default: '0',
    meaning:
      'Days a message body (its envelope) is kept after it was received; older ones are blanked, the metadata and the evidence chain stay. `0`: kept forever; otherwise at least CX_RETAIN_DELIVERIES_DAYS, which must be set too',
  },
  CX_RETENTION_INTERVAL_MS: {
    default: '300000',
    meaning: 'How often the notifier prunes what the retention settings allow, in milliseconds',
  },
  CX_LOG_LEVEL: {
    default: 'log',
    meaning: 'Lowest Nest log level printed: `error`, `warn`, `log`, `debug` or `verbose`',
  },
} as const satisfies Record<string, Omit<EnvVarSpec, 'name'>>;

export type EnvVarName = keyof typeof ENV_VARS;

export function envVarSpecs(): EnvVarSpec[] {
  return Object.entries(ENV_VARS).map(([name, spec]) => ({ name, ...spec }));
}
