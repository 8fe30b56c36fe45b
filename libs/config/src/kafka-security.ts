import * as fs from 'node:fs';

export type SaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';
export const SASL_MECHANISMS: readonly SaslMechanism[] = ['plain', 'scram-sha-256', 'scram-sha-512'];

/** How the apps authenticate to Kafka and protect the connection: TLS, SASL, both or neither. */
export interface KafkaSecurity {
  /** Undefined: plaintext. Certificates are the files' contents (PEM). */
  tls?: { ca?: string; cert?: string; key?: string; servername?: string };
  sasl?: { mechanism: SaslMechanism; username: string; password: string };
}

type Env = Record<string, string | undefined>;

function value(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

function readFile(env: Env, name: string, problems: string[]): string | undefined {
  const file = value(env, name);
  if (file === undefined) return undefined;
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    problems.push(`${name}=${JSON.stringify(file)} cannot be read (${(err as NodeJS.ErrnoException).code})`);
    return undefined;
  }
}

function parseTls(env: Env, problems: string[]): KafkaSecurity['tls'] {
  const on = value(env, 'KAFKA_SSL') ?? 'false';
  if (on !== 'true' && on !== 'false') problems.push(`KAFKA_SSL=${JSON.stringify(on)} must be true or false`);
  const files = ['KAFKA_SSL_CA_FILE', 'KAFKA_SSL_CERT_FILE', 'KAFKA_SSL_KEY_FILE', 'KAFKA_SSL_SERVERNAME'];
  if (on !== 'true') {
    for (const name of files.filter((n) => value(env, n) !== undefined))
      problems.push(`${name} is set but KAFKA_SSL is not true`);
    return undefined;
  }
  const ca = readFile(env, 'KAFKA_SSL_CA_FILE', problems);
  const cert = readFile(env, 'KAFKA_SSL_CERT_FILE', problems);
  const key = readFile(env, 'KAFKA_SSL_KEY_FILE', problems);
  if ((value(env, 'KAFKA_SSL_CERT_FILE') === undefined) !== (value(env, 'KAFKA_SSL_KEY_FILE') === undefined))
    problems.push(
      'KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE go together (a client certificate and its key)',
    );
  return { ca, cert, key, servername: value(env, 'KAFKA_SSL_SERVERNAME') };
}

function parseSasl(env: Env, problems: string[]): KafkaSecurity['sasl'] {
  const mechanism = value(env, 'KAFKA_SASL_MECHANISM')?.toLowerCase();
  const username = value(env, 'KAFKA_SASL_USERNAME');
  const inline = env.KAFKA_SASL_PASSWORD;
  const hasFile = value(env, 'KAFKA_SASL_PASSWORD_FILE') !== undefined;
  if (mechanism === undefined) {
    for (const name of ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD', 'KAFKA_SASL_PASSWORD_FILE'])
      if (value(env, name) !== undefined) problems.push(`${name} is set but KAFKA_SASL_MECHANISM is not`);
    return undefined;
  }
  if (!(SASL_MECHANISMS as readonly string[]).includes(mechanism)) {
    problems.push(
      `KAFKA_SASL_MECHANISM=${JSON.stringify(mechanism)} must be one of ${SASL_MECHANISMS.join(', ')}`,
    );
  }
  if (username === undefined) problems.push(`KAFKA_SASL_USERNAME is required with KAFKA_SASL_MECHANISM`);
  if (inline !== undefined && inline !== '' && hasFile)
    problems.push('KAFKA_SASL_PASSWORD and KAFKA_SASL_PASSWORD_FILE are both set: set one');
  let password = inline !== undefined && inline !== '' ? inline : undefined;
  if (password === undefined && hasFile)
    password = readFile(env, 'KAFKA_SASL_PASSWORD_FILE', problems)?.trim();
  if (password === undefined && !hasFile)
    problems.push('KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE is required with KAFKA_SASL_MECHANISM');
  else if (password === '') problems.push('KAFKA_SASL_PASSWORD_FILE holds an empty password');
  return { mechanism: mechanism as SaslMechanism, username: username ?? '', password: password ?? '' };
}

/** Reads the Kafka client security variables; each problem names its variable. */
export function parseKafkaSecurity(env: Env, problems: string[]): KafkaSecurity {
  const tls = parseTls(env, problems);
  const sasl = parseSasl(env, problems);
  return { ...(tls ? { tls } : {}), ...(sasl ? { sasl } : {}) };
}

/** The variables that hand a SASL credential to a client (the apps, the examples, the tests). */
export function saslEnv(sasl: NonNullable<KafkaSecurity['sasl']>): Record<string, string> {
  return {
    KAFKA_SASL_MECHANISM: sasl.mechanism,
    KAFKA_SASL_USERNAME: sasl.username,
    KAFKA_SASL_PASSWORD: sasl.password,
  };
}
