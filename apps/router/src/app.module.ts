import { Module } from '@nestjs/common';
import { ConfigModule } from '@cx/config';
import { KafkaModule, pipelineGroups } from '@cx/kafka';
import { HealthModule, MetricsModule } from '@cx/observability';
import { PersistenceModule } from '@cx/persistence';
import { ValidatedController } from './validated.controller';

@Module({
  imports: [
    ConfigModule,
    KafkaModule.forApp('router'),
    PersistenceModule,
    HealthModule.forApp((s) => [pipelineGroups(s.kafka.topicPrefix).router]),
    MetricsModule.forApp('router'),
  ],
  controllers: [ValidatedController],
})
export class RouterAppModule {}
