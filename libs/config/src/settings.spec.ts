import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, loadSettings } from './settings';
import { resolveAdminToken } from './admin-token';
import { envVarSpecs } from './env-vars';
import { topicNames, transactionalIdOf } from './kafka-names';

describe('loadSettings', () => {
  it('applies the documented defaults', () => {
    const s = loadSettings({});
    expect(s.ports).toEqual({
      gateway: 3000,
      dashboard: 3001,
      validator: 3002,
      router: 3003,
      notifier: 3004,
    });
    expect(s.kafka.brokers).toBeUndefined();
    expect(s.kafka.topicPrefix).toBe('cx');
    expect(s.database).toEqual({ kind: 'sqlite', file: path.resolve('.cx', 'corridor.sqlite') });
    expect(s.nodeEnv).toBe('development');
    expect(s.retention).toEqual({ deliveriesDays: 0, bodiesDays: 0, intervalMs: 300_000 });
  });

  it('keeps bodies at least as long as deliveries, or forever', () => {
    const both = { CX_RETAIN_DELIVERIES_DAYS: '365', CX_RETAIN_BODIES_DAYS: '3650' };
    expect(loadSettings(both).retention).toMatchObject({ deliveriesDays: 365, bodiesDays: 3650 });
    expect(loadSettings({ CX_RETAIN_DELIVERIES_DAYS: '365' }).retention.bodiesDays).toBe(0);
  });

  it('reads brokers and a PostgreSQL URL', () => {
    const s = loadSettings({
      KAFKA_BROKERS: 'a:9092, b:9093',
      DATABASE_URL: 'postgres://u@127.0.0.1:5432/test',
    });
    expect(s.kafka.brokers).toEqual(['a:9092', 'b:9093']);
    expect(s.database).toEqual({ kind: 'postgres', url: 'postgres://u@127.0.0.1:5432/test' });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DASHBOARD_PORT: '0' }, 'DASHBOARD_PORT'],
    [{ KAFKA_BROKERS: 'nohost' }, 'KAFKA_BROKERS'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ CX_TOPIC_PREFIX: 'bad prefix' }, 'CX_TOPIC_PREFIX'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ NODE_ENV: 'production' }, 'CX_ADMIN_TOKEN'],
    [{ CX_ADMIN_TOKEN: 'short' }, 'CX_ADMIN_TOKEN'],
    [{ CX_TOPIC_PARTITIONS: '-1' }, 'CX_TOPIC_PARTITIONS'],
    [{ CX_SSE_HEARTBEAT_MS: '5' }, 'CX_SSE_HEARTBEAT_MS'],
    [{ CX_WEBHOOK_MAX_FAILURES: '0' }, 'CX_WEBHOOK_MAX_FAILURES'],
    [{ CX_RETAIN_DELIVERIES_DAYS: '-1' }, 'CX_RETAIN_DELIVERIES_DAYS'],
    [{ CX_RETAIN_DELIVERIES_DAYS: '30d' }, 'CX_RETAIN_DELIVERIES_DAYS'],
    [{ CX_RETAIN_BODIES_DAYS: '365' }, 'CX_RETAIN_BODIES_DAYS'],
    [{ CX_RETAIN_DELIVERIES_DAYS: '400', CX_RETAIN_BODIES_DAYS: '365' }, 'CX_RETAIN_BODIES_DAYS'],
    [{ CX_RETENTION_INTERVAL_MS: '10' }, 'CX_RETENTION_INTERVAL_MS'],
    [{ CX_TOPIC_MIN_INSYNC: '0' }, 'CX_TOPIC_MIN_INSYNC'],
    [{ CX_INSTANCE_ID: 'a b' }, 'CX_INSTANCE_ID'],
    [{ CX_INSTANCE_ID: 'x'.repeat(65) }, 'CX_INSTANCE_ID'],
  ])('refuses %j naming %s', (env, variable) => {
    expect(() => loadSettings(env)).toThrow(ConfigError);
    expect(() => loadSettings(env)).toThrow(new RegExp(variable));
  });

  it('reads SASL and TLS settings, the password from a file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cx-kafka-security-'));
    try {
      fs.writeFileSync(path.join(dir, 'password'), 's3cret\n');
      fs.writeFileSync(path.join(dir, 'ca.pem'), 'CA');
      const s = loadSettings({
        KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
        KAFKA_SASL_USERNAME: 'cx-exchange',
        KAFKA_SASL_PASSWORD_FILE: path.join(dir, 'password'),
        KAFKA_SSL: 'true',
        KAFKA_SSL_CA_FILE: path.join(dir, 'ca.pem'),
        KAFKA_SSL_SERVERNAME: 'kafka.example',
      });
      expect(s.kafka.security).toEqual({
        sasl: { mechanism: 'scram-sha-512', username: 'cx-exchange', password: 's3cret' },
        tls: { ca: 'CA', cert: undefined, key: undefined, servername: 'kafka.example' },
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has no Kafka security by default', () => {
    expect(loadSettings({}).kafka.security).toEqual({});
  });

  it.each([
    [
      { KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' },
      'KAFKA_SASL_MECHANISM',
    ],
    [{ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_PASSWORD: 'p' }, 'KAFKA_SASL_USERNAME'],
    [{ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u' }, 'KAFKA_SASL_PASSWORD'],
    [{ KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' }, 'KAFKA_SASL_MECHANISM'],
    [
      {
        KAFKA_SASL_MECHANISM: 'plain',
        KAFKA_SASL_USERNAME: 'u',
        KAFKA_SASL_PASSWORD_FILE: '/nonexistent/pw',
      },
      'KAFKA_SASL_PASSWORD_FILE',
    ],
    [{ KAFKA_SSL: 'yes' }, 'KAFKA_SSL'],
    [{ KAFKA_SSL_CA_FILE: '/etc/hostname' }, 'KAFKA_SSL_CA_FILE'],
    [{ KAFKA_SSL: 'true', KAFKA_SSL_CERT_FILE: '/etc/hostname' }, 'KAFKA_SSL_KEY_FILE'],
    [{ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: '/nonexistent/ca.pem' }, 'KAFKA_SSL_CA_FILE'],
  ])('refuses Kafka security %j naming %s', (env, variable) => {
    expect(() => loadSettings(env)).toThrow(new RegExp(variable));
  });

  it('lists every bad variable at once', () => {
    try {
      loadSettings({ PORT: 'x', DASHBOARD_PORT: 'y' });
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect((err as ConfigError).problems).toHaveLength(2);
    }
  });

  it.each([
    [{}, 'http://127.0.0.1:3000'],
    [{ CX_HOST: '0.0.0.0', PORT: '8080' }, 'http://127.0.0.1:8080'],
    [{ CX_GATEWAY_URL: 'http://gateway:3000/' }, 'http://gateway:3000'],
  ])('derives the dashboard’s gateway URL from %j', (env, url) => {
    expect(loadSettings(env).gatewayUrl).toBe(url);
  });

  it('replicates nothing and runs one instance by default', () => {
    const s = loadSettings({});
    expect([s.kafka.replication, s.kafka.minInsync, s.instanceId]).toEqual([1, 1, undefined]);
  });

  it('reads a replicated layout: replication 3, min ISR 2, and an instance id', () => {
    const s = loadSettings({
      CX_TOPIC_REPLICATION: '3',
      CX_TOPIC_MIN_INSYNC: '2',
      CX_INSTANCE_ID: 'router-b',
    });
    expect([s.kafka.replication, s.kafka.minInsync, s.instanceId]).toEqual([3, 2, 'router-b']);
  });

  it('allows a min ISR equal to the replication (every replica must acknowledge)', () => {
    expect(loadSettings({ CX_TOPIC_REPLICATION: '3', CX_TOPIC_MIN_INSYNC: '3' }).kafka.minInsync).toBe(3);
  });

  it('refuses a min ISR above the replication, which would refuse every write', () => {
    expect(() => loadSettings({ CX_TOPIC_MIN_INSYNC: '2' })).toThrow(
      /CX_TOPIC_MIN_INSYNC=2 exceeds CX_TOPIC_REPLICATION=1/,
    );
    expect(() => loadSettings({ CX_TOPIC_REPLICATION: '3', CX_TOPIC_MIN_INSYNC: '4' })).toThrow(ConfigError);
  });

  it('refuses a gateway URL that is not http(s)', () => {
    expect(() => loadSettings({ CX_GATEWAY_URL: 'gateway:3000' })).toThrow(/CX_GATEWAY_URL/);
  });

  it('documents every variable in the README', () => {
    const readme = fs.readFileSync(path.join(__dirname, '../../../README.md'), 'utf8');
    for (const spec of envVarSpecs()) expect(readme).toContain(`\`${spec.name}\``);
  });
});

describe('resolveAdminToken', () => {
  it('generates once in development and keeps it in the data folder', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cx-token-'));
    try {
      const settings = loadSettings({ CX_DATA_DIR: dir });
      const first = resolveAdminToken(settings);
      const second = resolveAdminToken(settings);
      expect(first.generated).toBe(true);
      expect(second).toEqual({ token: first.token, generated: false });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('uses the configured token', () => {
    const settings = loadSettings({ CX_ADMIN_TOKEN: 'a-long-enough-admin-token' });
    expect(resolveAdminToken(settings)).toEqual({ token: 'a-long-enough-admin-token', generated: false });
  });
});

describe('topicNames', () => {
  it('derives every topic from the prefix', () => {
    const t = topicNames('cx');
    expect([t.inbound, t.validated, t.dlq, t.deliver('GE-CUSTOMS')]).toEqual([
      'cx.inbound',
      'cx.validated',
      'cx.dlq',
      'cx.deliver.GE-CUSTOMS',
    ]);
  });
});

describe('transactionalIdOf', () => {
  it("keeps the single instance's id when no instance id is set", () => {
    expect(transactionalIdOf('cx', 'router')).toBe('cx.router');
    expect(transactionalIdOf('cx', 'router', undefined)).toBe('cx.router');
  });

  it('gives two instances of one app distinct ids, the same at every start', () => {
    const a = transactionalIdOf('cx', 'validator', 'a');
    const b = transactionalIdOf('cx', 'validator', 'b');
    expect([a, b]).toEqual(['cx.validator.a', 'cx.validator.b']);
    expect(transactionalIdOf('cx', 'validator', 'a')).toBe(a);
  });
});
