import { Module } from '@nestjs/common';
import { pipelineGroups, SETTINGS, type Settings } from '@cx/config';
import { KafkaModule } from '@cx/kafka';
import { HealthModule, MetricsModule } from '@cx/observability';
import { CachedParticipantDirectory, ParticipantDirectoryModule } from '@cx/participants';
import { PersistenceModule, StoredValidationLookup, StoresModule } from '@cx/persistence';
import { MessageValidator, StatefulValidation } from '@cx/validation';
import { InboundController } from './inbound.controller';
import { InboundService } from './inbound.service';

@Module({
  imports: [
    KafkaModule.forApp('validator'),
    PersistenceModule,
    StoresModule,
    ParticipantDirectoryModule,
    HealthModule.forApp((s) => [pipelineGroups(s.kafka.topicPrefix).validator]),
    MetricsModule.forApp('validator'),
  ],
  providers: [
    InboundService,
    {
      provide: StatefulValidation,
      inject: [CachedParticipantDirectory, StoredValidationLookup, SETTINGS],
      useFactory: (p: CachedParticipantDirectory, l: StoredValidationLookup, s: Settings) =>
        new StatefulValidation(p, l, new MessageValidator(), s.signing.required),
    },
  ],
  controllers: [InboundController],
})
export class ValidatorModule {}
