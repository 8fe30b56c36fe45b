import { Module } from '@nestjs/common';
import { ConfigModule } from '@cx/config';
import { KafkaModule } from '@cx/kafka';
import { HealthModule, MetricsModule } from '@cx/observability';
import { PersistenceModule } from '@cx/persistence';

@Module({
  imports: [
    ConfigModule,
    KafkaModule.forApp('dashboard'),
    PersistenceModule,
    HealthModule.forApp(() => []),
    MetricsModule.forApp('dashboard'),
  ],
})
export class DashboardModule {}
