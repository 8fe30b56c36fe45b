import { InboxGrowth, InboxStore } from '@cx/persistence';

type Wake = () => void;

/**
 * One shared poll of the deliveries table per process, instead of one per open stream or subscription: every
 * `intervalMs` (only while someone listens) it asks which inboxes grew, and wakes the listeners of those inboxes.
 */
export class InboxWatcher {
  private readonly listeners = new Map<string, Set<Wake>>();
  private readonly growth: InboxGrowth;
  private timer?: NodeJS.Timeout;
  private polling = false;

  constructor(
    inbox: InboxStore,
    private readonly intervalMs: number,
  ) {
    this.growth = new InboxGrowth(inbox);
  }

  /** Calls `wake` whenever the participant's inbox may have grown; returns the unsubscribe function. */
  watch(participantId: string, wake: Wake): () => void {
    const set = this.listeners.get(participantId) ?? new Set<Wake>();
    set.add(wake);
    this.listeners.set(participantId, set);
    this.ensureTimer();
    return () => {
      set.delete(wake);
      if (set.size === 0) this.listeners.delete(participantId);
      if (this.listeners.size === 0) this.stop();
    };
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.growth.reset();
  }

  private ensureTimer(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll(), this.intervalMs);
    this.timer.unref();
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const grown = await this.growth.since();
      for (const [participantId, set] of this.listeners) {
        if (grown === 'all' || grown.has(participantId)) for (const wake of set) wake();
      }
    } catch {
      // The database is away for a moment: the next tick asks again.
    } finally {
      this.polling = false;
    }
  }
}
