import { Module } from '@nestjs/common';
import { pipelineGroups } from '@cx/config';
import { KeyringModule } from '@cx/evidence';
import { KafkaModule } from '@cx/kafka';
import { HealthModule, MetricsModule } from '@cx/observability';
import { ParticipantDirectoryModule } from '@cx/participants';
import { PersistenceModule, StoresModule } from '@cx/persistence';
import { ValidatedController } from './validated.controller';
import { RoutingService } from './routing.service';
import { HeadSigner } from './head-signer';

@Module({
  imports: [
    KafkaModule.forApp('router'),
    PersistenceModule,
    StoresModule,
    KeyringModule,
    ParticipantDirectoryModule,
    HealthModule.forApp((s) => [pipelineGroups(s.kafka.topicPrefix).router]),
    MetricsModule.forApp('router'),
  ],
  providers: [RoutingService, HeadSigner],
  controllers: [ValidatedController],
})
export class RouterAppModule {}
