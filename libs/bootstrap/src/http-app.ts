import { DynamicModule, INestApplication, LogLevel, Logger, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppName, ConfigError, ConfigModule, loadSettings, Settings } from '@cx/config';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** The process's settings, read once; a bad value stops the start with the variable named (exit 78, EX_CONFIG). */
function settingsOrExit(name: AppName): Settings {
  try {
    return loadSettings();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`[${name}] ${err.message}`);
      process.exit(78);
    }
    throw err;
  }
}

/**
 * Boots one app of the exchange on Fastify: settings checked first and handed to the app (ConfigModule), shutdown
 * hooks on SIGTERM/SIGINT/SIGHUP so consumers leave their groups and producers flush, and the app's port from the
 * settings.
 */
export async function bootHttpApp(
  name: AppName,
  module: Type<unknown>,
  configure?: (app: NestFastifyApplication, settings: Settings) => Promise<void> | void,
  options: { bodyParser?: boolean } = {},
): Promise<INestApplication> {
  const settings = settingsOrExit(name);
  const logger = LEVELS.slice(0, LEVELS.indexOf(settings.logLevel) + 1);
  const root: DynamicModule = { module, imports: [ConfigModule.forSettings(settings)] };
  const app = await NestFactory.create<NestFastifyApplication>(
    root,
    new FastifyAdapter({ bodyLimit: 1024 * 1024 + 1024 }),
    { logger, bufferLogs: false, bodyParser: options.bodyParser ?? true },
  );
  // Stop signals only (a closed terminal's SIGHUP among them): Nest's default list also takes SIGUSR2 and others, so a
  // heap snapshot asked for with `node --heapsnapshot-signal=SIGUSR2` would shut the app down.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT', 'SIGHUP']);
  await configure?.(app, settings);
  const port = settings.ports[name];
  await app.listen(port, settings.host);
  new Logger(name).log(`listening on http://${settings.host}:${port}`);
  return app;
}
