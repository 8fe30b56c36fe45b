import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SETTINGS, Settings } from '@cx/config';
import { DurableProducer } from '@cx/kafka';
import { MessageStore } from '@cx/persistence';
import { MessagesController } from './messages.controller';
import { RateLimiter } from './rate-limiter';
import { SubmissionService } from './submission.service';
import { ValidationService } from './validation.service';

/** Submitting messages (`POST /v1/messages`, `/batch`) and looking them up. */
@Module({
  controllers: [MessagesController],
  providers: [
    SubmissionService,
    ValidationService,
    DurableProducer,
    { provide: MessageStore, inject: [DataSource], useFactory: (ds: DataSource) => new MessageStore(ds) },
    {
      provide: RateLimiter,
      inject: [SETTINGS],
      useFactory: (s: Settings) => new RateLimiter(s.rateLimit, Math.max(2 * s.rateLimit, 500)),
    },
  ],
  exports: [MessageStore],
})
export class MessagesModule {}
