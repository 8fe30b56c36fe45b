import { Module } from '@nestjs/common';
import { KafkaModule } from '@cx/kafka';
import { HealthModule, MetricsModule } from '@cx/observability';
import { PersistenceModule } from '@cx/persistence';

@Module({
  imports: [
    KafkaModule.forApp('dashboard'),
    PersistenceModule,
    HealthModule.forApp(() => []),
    MetricsModule.forApp('dashboard'),
  ],
})
export class DashboardModule {}
