import { Module, OnApplicationShutdown, Inject } from '@nestjs/common';
import { SETTINGS, Settings } from '@cx/config';
import { InboxStore } from '@cx/persistence';
import { InboxWatcher } from './inbox-watcher';
import { InboxController } from './inbox.controller';

/** Pulling and streaming a participant's inbox. */
@Module({
  controllers: [InboxController],
  providers: [
    {
      provide: InboxWatcher,
      inject: [InboxStore, SETTINGS],
      useFactory: (inbox: InboxStore, s: Settings) => new InboxWatcher(inbox, s.receiving.pollMs),
    },
  ],
})
export class InboxModule implements OnApplicationShutdown {
  constructor(@Inject(InboxWatcher) private readonly watcher: InboxWatcher) {}

  onApplicationShutdown(): void {
    this.watcher.stop();
  }
}
