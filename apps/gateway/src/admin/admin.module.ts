import { Module } from '@nestjs/common';
import { MessagesModule } from '../messages/messages.module';
import { ParticipantsModule } from '../participants/participants.module';
import { AdminMessagesController } from './admin-messages.controller';
import { DeadLettersController } from './dead-letters.controller';
import { DeliveryLagService } from './delivery-lag.service';
import { StatsController } from './stats.controller';
import { StatsService } from './stats.service';

/** The admin API of contract section 8, behind the admin token like all of /v1/admin: stats, dead letters, search. */
@Module({
  imports: [MessagesModule, ParticipantsModule],
  controllers: [StatsController, DeadLettersController, AdminMessagesController],
  providers: [StatsService, DeliveryLagService],
})
export class AdminModule {}
