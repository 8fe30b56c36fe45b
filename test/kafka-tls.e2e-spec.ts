import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { Kafka, logLevel } from 'kafkajs';
import { loadSettings } from '../libs/config/src/settings';
import { kafkaSecurityOptions } from '../libs/kafka/src/client';
import { kafkaEnv } from './support/kafka-client';

/**
 * The apps' TLS settings (KAFKA_SSL, CA file, client certificate and key, server name), as a managed cluster needs
 * them: a TLS endpoint that demands a client certificate (mutual TLS) terminates in front of the test broker, whose
 * SCRAM authentication then runs inside TLS (SASL_SSL). The certificates come from a throwaway CA made with openssl.
 */
let dir: string;
let server: tls.Server;
let port: number;
const clientNames: string[] = [];

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
}

/** A key and a certificate for `name`, signed by the test CA. */
function issue(name: string, dns?: string): void {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
  fs.writeFileSync(
    path.join(dir, `${name}.ext`),
    dns ? `subjectAltName=DNS:${dns}\n` : 'basicConstraints=CA:FALSE\n',
  );
  openssl(
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    `${name}.pem`,
    '-days',
    '1',
    '-extfile',
    `${name}.ext`,
  );
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cx-kafka-tls-'));
  openssl(
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '1',
    '-subj',
    '/CN=cx-test-ca',
  );
  issue('kafka.test', 'kafka.test');
  issue('cx-exchange');
  const [host, brokerPort] = process.env.KAFKA_BROKERS!.split(',')[0].split(':');
  const read = (f: string) => fs.readFileSync(path.join(dir, f));
  server = tls.createServer(
    {
      key: read('kafka.test.key'),
      cert: read('kafka.test.pem'),
      ca: read('ca.pem'),
      requestCert: true,
      rejectUnauthorized: true,
    },
    (socket) => {
      clientNames.push(String(socket.getPeerCertificate().subject?.CN));
      const upstream = net.connect(Number(brokerPort), host);
      socket.pipe(upstream).pipe(socket);
      const close = () => {
        socket.destroy();
        upstream.destroy();
      };
      socket.on('error', close).on('close', close);
      upstream.on('error', close).on('close', close);
    },
  );
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as net.AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Connects an admin client configured from these variables (and the super user's SASL ones) as the apps' client is. */
async function connects(env: Record<string, string>): Promise<boolean> {
  const settings = loadSettings({ ...kafkaEnv(), KAFKA_BROKERS: `127.0.0.1:${port}`, ...env });
  const admin = new Kafka({
    clientId: 'cx-tls-test',
    brokers: settings.kafka.brokers!,
    ...kafkaSecurityOptions(settings.kafka.security),
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  }).admin();
  try {
    await admin.connect();
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

const files = () => ({
  KAFKA_SSL: 'true',
  KAFKA_SSL_CA_FILE: path.join(dir, 'ca.pem'),
  KAFKA_SSL_CERT_FILE: path.join(dir, 'cx-exchange.pem'),
  KAFKA_SSL_KEY_FILE: path.join(dir, 'cx-exchange.key'),
  KAFKA_SSL_SERVERNAME: 'kafka.test',
});

const without = (env: Record<string, string>, ...names: string[]) =>
  Object.fromEntries(Object.entries(env).filter(([name]) => !names.includes(name)));

describe('Kafka over TLS', () => {
  it('connects with the CA, a client certificate and the server name, and authenticates with SCRAM inside TLS', async () => {
    expect(await connects(files())).toBe(true);
    expect(clientNames).toContain('cx-exchange');
  });

  it('is refused without the client certificate (mutual TLS)', async () => {
    expect(await connects(without(files(), 'KAFKA_SSL_CERT_FILE', 'KAFKA_SSL_KEY_FILE'))).toBe(false);
  });

  it('refuses a server its CA did not sign, or one of another name', async () => {
    expect(await connects(without(files(), 'KAFKA_SSL_CA_FILE'))).toBe(false); // the system CAs only
    expect(await connects({ ...files(), KAFKA_SSL_SERVERNAME: 'other.test' })).toBe(false);
  });
});
