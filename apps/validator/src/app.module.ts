import { Module } from '@nestjs/common';
import { ConfigModule } from '@cx/config';
import { KafkaModule, pipelineGroups } from '@cx/kafka';
import { HealthModule, MetricsModule } from '@cx/observability';
import { PersistenceModule } from '@cx/persistence';
import { InboundController } from './inbound.controller';

@Module({
  imports: [
    ConfigModule,
    KafkaModule.forApp('validator'),
    PersistenceModule,
    HealthModule.forApp((s) => [pipelineGroups(s.kafka.topicPrefix).validator]),
    MetricsModule.forApp('validator'),
  ],
  controllers: [InboundController],
})
export class ValidatorModule {}
