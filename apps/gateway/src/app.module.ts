import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { pipelineGroups } from '@cx/config';
import { KeyringModule } from '@cx/evidence';
import { KafkaModule } from '@cx/kafka';
import { HealthModule, MetricsModule } from '@cx/observability';
import { ParticipantDirectoryModule } from '@cx/participants';
import { PersistenceModule, StoresModule } from '@cx/persistence';
import { AdminModule } from './admin/admin.module';
import { AuthModule } from './auth';
import { ConsignmentsModule } from './consignments/consignments.module';
import { DocsController } from './docs/docs.controller';
import { EvidenceModule } from './evidence/evidence.module';
import { PlainParametersInterceptor } from './http/plain-parameters.interceptor';
import { InboxModule } from './inbox/inbox.module';
import { MessagesModule } from './messages/messages.module';
import { ParticipantsModule } from './participants/participants.module';
import { SchemasController } from './schemas/schemas.controller';
import { SubscriptionsModule } from './subscriptions/subscriptions.module';

@Module({
  imports: [
    KafkaModule.forApp('gateway'),
    PersistenceModule,
    StoresModule,
    KeyringModule,
    ParticipantDirectoryModule,
    // The gateway is ready only when the whole pipeline behind it is.
    HealthModule.forApp((s) => Object.values(pipelineGroups(s.kafka.topicPrefix))),
    MetricsModule.forApp('gateway'),
    AuthModule,
    ParticipantsModule,
    MessagesModule,
    ConsignmentsModule,
    InboxModule,
    SubscriptionsModule,
    AdminModule,
    EvidenceModule,
  ],
  controllers: [DocsController, SchemasController],
  providers: [{ provide: APP_INTERCEPTOR, useClass: PlainParametersInterceptor }],
})
export class GatewayModule {}
