import { Module } from '@nestjs/common';
import { pipelineGroups } from '@cx/config';
import { KafkaModule } from '@cx/kafka';
import { HealthModule, MetricsModule } from '@cx/observability';
import { PersistenceModule, StoresModule } from '@cx/persistence';
import { InboundController } from './inbound.controller';
import { InboundService } from './inbound.service';

@Module({
  imports: [
    KafkaModule.forApp('validator'),
    PersistenceModule,
    StoresModule,
    HealthModule.forApp((s) => [pipelineGroups(s.kafka.topicPrefix).validator]),
    MetricsModule.forApp('validator'),
  ],
  providers: [InboundService],
  controllers: [InboundController],
})
export class ValidatorModule {}
