import { INestApplication, LogLevel, Logger, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigError, loadSettings, Settings } from '@cx/config';
import { KAFKA, pipelineGroups, TransactionalBatchServer } from '@cx/kafka';
import { METRICS } from './metrics';

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
  options: { bodyParser?: boolean } = {},
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
    { logger, bufferLogs: false, bodyParser: options.bodyParser ?? true },
  );
  app.enableShutdownHooks();
  await configure?.(app, settings);
  const port = portOf(settings);
  await app.listen(port, settings.host);
  new Logger(name).log(`listening on http://${settings.host}:${port}`);
  return app;
}

/**
 * Boots a pipeline app: HTTP for /health and /metrics, plus a consumer of one topic whose handler's output is
 * committed with the consumed offsets in one Kafka transaction (TransactionalBatchServer).
 */
export async function bootPipelineApp(
  name: 'validator' | 'router',
  module: Type<unknown>,
  portOf: (s: Settings) => number,
  subscription: (s: Settings) => { pattern: string; topic: string | RegExp; topicRefreshMs?: number },
): Promise<INestApplication> {
  return bootHttpApp(name, module, portOf, async (app, settings) => {
    const prefix = settings.kafka.topicPrefix;
    const { pattern, topic, topicRefreshMs } = subscription(settings);
    app.connectMicroservice(
      {
        strategy: new TransactionalBatchServer({
          kafka: app.get(KAFKA),
          groupId: pipelineGroups(prefix)[name],
          // Stable across restarts, so a restarted instance fences its predecessor's open transaction.
          transactionalId: `${prefix}.${name}`,
          subscriptions: { [pattern]: topic },
          topicRefreshMs,
          registry: app.get(METRICS),
        }),
      },
      { inheritAppConfig: true },
    );
    await app.startAllMicroservices();
  });
}
