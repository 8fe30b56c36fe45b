import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MessageValidator } from '@cx/validation';
import { DeadLetterStore } from './dead-letter-store';
import { MessageStore } from './message-store';
import { CachedParticipantDirectory } from './participant-directory';
import { InboxStore } from './inbox-store';
import { PipelineStore } from './routing-store';
import { SubscriptionStore } from './subscription-store';
import { StatefulValidation } from './stateful-validation';
import { TrafficStore } from './traffic-store';

/**
 * The exchange's state as every app reads it, built once over the app's DataSource: stores, the participant
 * directory (kept fresh from the database), and validation with that state (schemas compiled once, at start).
 */
@Global()
@Module({
  providers: [
    { provide: MessageStore, inject: [DataSource], useFactory: (ds: DataSource) => new MessageStore(ds) },
    { provide: PipelineStore, inject: [DataSource], useFactory: (ds: DataSource) => new PipelineStore(ds) },
    { provide: InboxStore, inject: [DataSource], useFactory: (ds: DataSource) => new InboxStore(ds) },
    {
      provide: SubscriptionStore,
      inject: [DataSource],
      useFactory: (ds: DataSource) => new SubscriptionStore(ds),
    },
    { provide: TrafficStore, inject: [DataSource], useFactory: (ds: DataSource) => new TrafficStore(ds) },
    {
      provide: DeadLetterStore,
      inject: [DataSource],
      useFactory: (ds: DataSource) => new DeadLetterStore(ds),
    },
    {
      provide: CachedParticipantDirectory,
      inject: [DataSource],
      useFactory: async (ds: DataSource) => {
        const directory = new CachedParticipantDirectory(ds);
        await directory.start();
        return directory;
      },
    },
    { provide: MessageValidator, useFactory: () => new MessageValidator() },
    {
      provide: StatefulValidation,
      inject: [DataSource, CachedParticipantDirectory, MessageValidator],
      useFactory: (ds: DataSource, d: CachedParticipantDirectory, v: MessageValidator) =>
        new StatefulValidation(ds, d, v),
    },
  ],
  exports: [
    MessageStore,
    PipelineStore,
    InboxStore,
    SubscriptionStore,
    TrafficStore,
    DeadLetterStore,
    CachedParticipantDirectory,
    MessageValidator,
    StatefulValidation,
  ],
})
export class StoresModule implements OnApplicationShutdown {
  constructor(@Inject(CachedParticipantDirectory) private readonly directory: CachedParticipantDirectory) {}

  onApplicationShutdown(): void {
    this.directory.stop();
  }
}
