import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { ParticipantStore } from '@cx/persistence';
import { CachedParticipantDirectory } from './cached-directory';

/** One participant directory per app, loaded before the app starts and kept fresh until it stops. */
@Global()
@Module({
  providers: [
    {
      provide: CachedParticipantDirectory,
      inject: [ParticipantStore],
      useFactory: async (store: ParticipantStore) => {
        const directory = new CachedParticipantDirectory(store);
        await directory.start();
        return directory;
      },
    },
  ],
  exports: [CachedParticipantDirectory],
})
export class ParticipantDirectoryModule implements OnApplicationShutdown {
  constructor(@Inject(CachedParticipantDirectory) private readonly directory: CachedParticipantDirectory) {}

  onApplicationShutdown(): void {
    this.directory.stop();
  }
}
