import { INestApplication, Type } from '@nestjs/common';
import { PipelineApp, pipelineGroups, Settings, transactionalIdOf } from '@cx/config';
import { KAFKA, TransactionalBatchServer } from '@cx/kafka';
import { METRICS } from '@cx/observability';
import { bootHttpApp } from './http-app';

/**
 * Boots a pipeline app: HTTP for /health and /metrics, plus a consumer of one topic whose handler's output is
 * committed with the consumed offsets in one Kafka transaction (TransactionalBatchServer).
 */
export async function bootPipelineApp(
  name: PipelineApp,
  module: Type<unknown>,
  subscription: (s: Settings) => { pattern: string; topic: string | RegExp; topicRefreshMs?: number },
): Promise<INestApplication> {
  return bootHttpApp(name, module, async (app, settings) => {
    const prefix = settings.kafka.topicPrefix;
    const { pattern, topic, topicRefreshMs } = subscription(settings);
    app.connectMicroservice(
      {
        strategy: new TransactionalBatchServer({
          kafka: app.get(KAFKA),
          groupId: pipelineGroups(prefix)[name],
          transactionalId: transactionalIdOf(prefix, name, settings.instanceId),
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
