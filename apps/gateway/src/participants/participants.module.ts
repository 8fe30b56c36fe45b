import { Module } from '@nestjs/common';
import { ParticipantKafkaAccess } from '@cx/kafka';
import { CorridorSeed } from './corridor-seed';
import { ParticipantsController } from './participants.controller';
import { ParticipantsService } from './participants.service';

@Module({
  controllers: [ParticipantsController],
  providers: [ParticipantsService, CorridorSeed, ParticipantKafkaAccess],
  exports: [ParticipantsService],
})
export class ParticipantsModule {}
