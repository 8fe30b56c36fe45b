import { Module } from '@nestjs/common';
import { ConfigModule } from '@cx/config';
import { KafkaModule, pipelineGroups } from '@cx/kafka';
import { HealthModule, MetricsModule } from '@cx/observability';
import { PersistenceModule } from '@cx/persistence';

@Module({
  imports: [
    ConfigModule,
    KafkaModule.forApp('gateway'),
    PersistenceModule,
    // The gateway is ready only when the whole pipeline behind it is.
    HealthModule.forApp((s) => Object.values(pipelineGroups(s.kafka.topicPrefix))),
    MetricsModule.forApp('gateway'),
  ],
})
export class GatewayModule {}
