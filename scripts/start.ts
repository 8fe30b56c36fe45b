/**
 * `npm start`: the whole exchange on one machine. Starts a local Apache Kafka broker when KAFKA_BROKERS is unset,
 * migrates the database, runs each app as its own process (restarted if it dies), and stops everything on Ctrl-C.
 */
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppExit, Supervisor } from '../libs/bootstrap/src/supervisor';
import { APPS, ConfigError, loadSettings, resolveAdminToken, saslEnv, Settings } from '../libs/config/src';
import { migrate, openDataSource } from '../libs/persistence/src';
import { startLocalBroker } from './kafka/local-broker';

const log = (line: string) => console.log(`[start] ${line}`);
let stopping = false;
let apps: Supervisor | undefined;
let stopBroker: (() => Promise<void>) | undefined;

/** Restart delay of an app that exited on its own; an app that refused its configuration stops the exchange. */
function restartAfter(app: string, exit: AppExit): number | undefined {
  if (exit.code === 78) {
    log(`${app} refused its configuration; stopping`);
    void shutdown(1);
    return undefined;
  }
  const delay = Math.min(30_000, 500 * 2 ** Math.min(exit.restarts + 1, 6));
  log(`${app} exited (${exit.signal ?? exit.code}); restarting in ${delay} ms`);
  return delay;
}

async function waitForHealth(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopping) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
      if (res.status === 200) return true;
    } catch {
      // not listening yet
    }
    await sleep(500);
  }
  return false;
}

async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  log('stopping…');
  await apps?.stopAll(10_000);
  if (stopBroker) {
    log('stopping the local Kafka broker…');
    await stopBroker().catch((e) => log(`broker stop: ${e}`));
  }
  log('stopped');
  process.exit(code);
}

function banner(settings: Settings, token: string, generated: boolean, brokers: string[]): void {
  const base = `http://${settings.host === '0.0.0.0' ? '127.0.0.1' : settings.host}`;
  const lines = [
    '',
    'Corridor Exchange is ready',
    `  API          ${base}:${settings.ports.gateway}/v1`,
    `  API docs     ${base}:${settings.ports.gateway}/docs`,
    `  Dashboard    ${base}:${settings.ports.dashboard}`,
    `  Kafka        ${brokers.join(',')}${settings.kafka.brokers ? '' : '  (SASL SCRAM-SHA-512; participants get credentials from the admin API)'}`,
    `  Database     ${settings.database.kind === 'postgres' ? 'PostgreSQL' : settings.database.file}`,
    `  Admin token  ${token}${generated ? '  (generated now, kept in the data folder)' : ''}`,
    '  Ctrl-C stops everything.',
    '',
  ];
  console.log(lines.join('\n'));
}

async function main(): Promise<void> {
  let settings: Settings;
  try {
    settings = loadSettings();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78);
    }
    throw err;
  }
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  const { token, generated } = resolveAdminToken(settings);
  let brokers: string[];
  /** The local broker's super-user credential for the apps; with KAFKA_BROKERS the apps read their own. */
  let kafkaEnv: Record<string, string | undefined> = {};
  if (settings.kafka.brokers !== undefined) {
    brokers = settings.kafka.brokers;
  } else {
    log(
      `KAFKA_BROKERS is unset: starting a local Apache Kafka broker on 127.0.0.1:${settings.kafka.localPort}`,
    );
    const broker = await startLocalBroker({
      dataDir: settings.dataDir,
      port: settings.kafka.localPort,
      controllerPort: settings.kafka.localControllerPort,
      log,
    });
    stopBroker = () => broker.stop();
    brokers = broker.brokers;
    kafkaEnv = { ...saslEnv(broker.credential), KAFKA_SASL_PASSWORD_FILE: undefined, KAFKA_SSL: 'false' };
    for (const name of [
      'KAFKA_SSL_CA_FILE',
      'KAFKA_SSL_CERT_FILE',
      'KAFKA_SSL_KEY_FILE',
      'KAFKA_SSL_SERVERNAME',
    ])
      kafkaEnv[name] = undefined;
  }
  if (stopping) return;

  const ds = await openDataSource(settings.database);
  const applied = await migrate(ds);
  await ds.destroy();
  if (applied.length > 0) log(`database migrated: ${applied.join(', ')}`);

  const env = {
    ...process.env,
    KAFKA_BROKERS: brokers.join(','),
    ...kafkaEnv,
    CX_ADMIN_TOKEN: token,
    CX_DATA_DIR: settings.dataDir,
  };
  apps = new Supervisor({
    distDir: path.join(__dirname, '..'),
    env,
    onLine: (app, line, stream) =>
      (stream === 'stdout' ? process.stdout : process.stderr).write(`[${app}] ${line}\n`),
    restartAfter,
  });
  for (const app of APPS) apps.start(app);

  const healthUrl = `http://127.0.0.1:${settings.ports.gateway}/health`;
  if (await waitForHealth(healthUrl, 120_000)) banner(settings, token, generated, brokers);
  else if (!stopping) log(`the exchange did not become ready within 120 s; see ${healthUrl}`);
}

main().catch(async (err) => {
  console.error(`[start] ${err instanceof Error ? err.stack : err}`);
  await shutdown(1);
});
