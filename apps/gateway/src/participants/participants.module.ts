import { Module } from '@nestjs/common';
import { CorridorSeed } from './corridor-seed';
import { ParticipantsController } from './participants.controller';
import { ParticipantsService } from './participants.service';

@Module({
  controllers: [ParticipantsController],
  providers: [ParticipantsService, CorridorSeed],
  exports: [ParticipantsService],
})
export class ParticipantsModule {}
