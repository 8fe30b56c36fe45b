import { INestApplication, LogLevel, Logger, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigError, loadSettings, Settings } from '@cx/config';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/**
 * Boots one app of the exchange on Fastify: settings checked first (a bad value stops the start with the variable
 * named), shutdown hooks on SIGTERM/SIGINT so consumers leave their groups and producers flush.
 */
export async function bootHttpApp(
  name: string,
  module: Type<unknown>,
  portOf: (s: Settings) => number,
  configure?: (app: NestFastifyApplication, settings: Settings) => Promise<void> | void,
): Promise<INestApplication> {
  let settings: Settings;
  try {
    settings = loadSettings();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`[${name}] ${err.message}`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const logger = LEVELS.slice(0, LEVELS.indexOf(settings.logLevel) + 1);
  const app = await NestFactory.create<NestFastifyApplication>(
    module,
    new FastifyAdapter({ bodyLimit: 1024 * 1024 + 1024 }),
    { logger, bufferLogs: false },
  );
  app.enableShutdownHooks();
  await configure?.(app, settings);
  const port = portOf(settings);
  await app.listen(port, settings.host);
  new Logger(name).log(`listening on http://${settings.host}:${port}`);
  return app;
}
