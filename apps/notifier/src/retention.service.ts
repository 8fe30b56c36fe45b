import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { SETTINGS, Settings } from '@cx/config';
import { RetentionPruner, RetentionStore } from '@cx/persistence';

/**
 * Runs the retention policy (README "Retention") every CX_RETENTION_INTERVAL_MS. The notifier runs it because it is
 * the background process: its batches never sit on the API's or the router's event loop. Any number of notifiers may
 * run it at once: each batch is idempotent. Under the default policy (keep forever) it never starts.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RetentionService.name);
  private readonly pruner: RetentionPruner;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @Inject(SETTINGS) private readonly settings: Settings,
    store: RetentionStore,
  ) {
    this.pruner = new RetentionPruner(store, settings.retention);
  }

  onApplicationBootstrap(): void {
    const { deliveriesDays, bodiesDays, intervalMs } = this.settings.retention;
    if (deliveriesDays === 0 && bodiesDays === 0) return;
    this.logger.log(
      `Retention: deliveries ${deliveriesDays || 'forever'} days, bodies ${bodiesDays || 'forever'} days`,
    );
    this.timer = setInterval(() => {
      this.running ??= this.prune().finally(() => (this.running = undefined));
    }, intervalMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.pruner.stop();
    await this.running;
  }

  private async prune(): Promise<void> {
    try {
      const { deliveries, bodies } = await this.pruner.run();
      if (deliveries + bodies > 0)
        this.logger.log(`Retention: deleted ${deliveries} deliveries, blanked ${bodies} message bodies`);
    } catch (e) {
      // A lost database is retried at the next interval; the pruned batches stay pruned.
      this.logger.warn(`Retention: pruning stopped: ${(e as Error).message}`);
    }
  }
}
