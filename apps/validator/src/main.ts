import 'reflect-metadata';
import { pipelineGroups, KAFKA, TransactionalBatchServer } from '@cx/kafka';
import { bootHttpApp } from '@cx/observability';
import { topicsOf } from '@cx/config';
import { ValidatorModule } from './app.module';

void bootHttpApp('validator', ValidatorModule, (s) => s.ports.validator, async (app, settings) => {
  const prefix = settings.kafka.topicPrefix;
  app.connectMicroservice(
    {
      strategy: new TransactionalBatchServer({
        kafka: app.get(KAFKA),
        groupId: pipelineGroups(prefix).validator,
        transactionalId: `${prefix}.validator`,
        subscriptions: { inbound: topicsOf(settings).inbound },
      }),
    },
    { inheritAppConfig: true },
  );
  await app.startAllMicroservices();
});
