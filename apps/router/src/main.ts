import 'reflect-metadata';
import { pipelineGroups, KAFKA, TransactionalBatchServer } from '@cx/kafka';
import { bootHttpApp } from '@cx/observability';
import { topicsOf } from '@cx/config';
import { RouterAppModule } from './app.module';

void bootHttpApp('router', RouterAppModule, (s) => s.ports.router, async (app, settings) => {
  const prefix = settings.kafka.topicPrefix;
  app.connectMicroservice(
    {
      strategy: new TransactionalBatchServer({
        kafka: app.get(KAFKA),
        groupId: pipelineGroups(prefix).router,
        transactionalId: `${prefix}.router`,
        subscriptions: { validated: topicsOf(settings).validated },
      }),
    },
    { inheritAppConfig: true },
  );
  await app.startAllMicroservices();
});
