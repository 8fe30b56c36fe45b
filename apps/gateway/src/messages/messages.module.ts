import { Module } from '@nestjs/common';
import { SETTINGS, Settings } from '@cx/config';
import { DurableProducer } from '@cx/kafka';
import { CachedParticipantDirectory } from '@cx/participants';
import { StoredValidationLookup } from '@cx/persistence';
import { MessageValidator, StatefulValidation } from '@cx/validation';
import { MessagesController } from './messages.controller';
import { RateLimiter } from './rate-limiter';
import { SubmissionService } from './submission.service';
import { EdifactSubmissionService } from '../edifact/edifact-submission.service';

/** Submitting messages (`POST /v1/messages`, `/batch`) and looking them up. */
@Module({
  controllers: [MessagesController],
  providers: [
    SubmissionService,
    EdifactSubmissionService,
    DurableProducer,
    { provide: MessageValidator, useFactory: () => new MessageValidator() },
    {
      provide: StatefulValidation,
      inject: [CachedParticipantDirectory, StoredValidationLookup, MessageValidator, SETTINGS],
      useFactory: (
        p: CachedParticipantDirectory,
        l: StoredValidationLookup,
        v: MessageValidator,
        s: Settings,
      ) => new StatefulValidation(p, l, v, s.signing.required),
    },
    {
      provide: RateLimiter,
      inject: [SETTINGS],
      useFactory: (s: Settings) => new RateLimiter(s.rateLimit, 2 * s.rateLimit),
    },
  ],
  // MessageValidator: its schema registry is what GET /v1/schemas serves.
  exports: [DurableProducer, MessageValidator],
})
export class MessagesModule {}
