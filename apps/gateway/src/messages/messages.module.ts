import { Module } from '@nestjs/common';
import { SETTINGS, Settings } from '@cx/config';
import { DurableProducer } from '@cx/kafka';
import { MessagesController } from './messages.controller';
import { RateLimiter } from './rate-limiter';
import { SubmissionService } from './submission.service';

/** Submitting messages (`POST /v1/messages`, `/batch`) and looking them up. */
@Module({
  controllers: [MessagesController],
  providers: [
    SubmissionService,
    DurableProducer,
    {
      provide: RateLimiter,
      inject: [SETTINGS],
      useFactory: (s: Settings) => new RateLimiter(s.rateLimit, 2 * s.rateLimit),
    },
  ],
  exports: [DurableProducer],
})
export class MessagesModule {}
