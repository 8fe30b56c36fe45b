import { Module } from '@nestjs/common';
import { KafkaModule } from '@cx/kafka';
import { HealthModule, MetricsModule } from '@cx/observability';
import { ParticipantDirectoryModule } from '@cx/participants';
import { PersistenceModule, StoresModule } from '@cx/persistence';
import { RetentionService } from './retention.service';
import { WebhookSender } from './webhook-sender';

@Module({
  imports: [
    // Only for /health, which reports Kafka like every app; webhooks themselves are driven from the database.
    KafkaModule.forApp('notifier'),
    PersistenceModule,
    StoresModule,
    ParticipantDirectoryModule,
    HealthModule.forApp(() => []),
    MetricsModule.forApp('notifier'),
  ],
  providers: [WebhookSender, RetentionService],
})
export class NotifierAppModule {}
