import { InboxStore } from './inbox-store';

type Wake = () => void;

/**
 * One shared poll of the deliveries table per process, instead of one per open stream or subscription: every
 * `intervalMs` (only while someone listens) it asks which inboxes grew, and wakes the listeners of those inboxes.
 */
export class InboxWatcher {
  private readonly listeners = new Map<string, Set<Wake>>();
  private lastSeen: number | undefined;
  private timer?: NodeJS.Timeout;
  private polling = false;

  constructor(
    private readonly inbox: InboxStore,
    private readonly intervalMs: number,
  ) {}

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
    this.lastSeen = undefined;
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
      if (this.lastSeen === undefined) {
        // First poll since idle: anything older the listeners read themselves when they started.
        this.lastSeen = await this.inbox.globalLastSeq();
        this.wakeAll();
        return;
      }
      const advanced = await this.inbox.advancedSince(this.lastSeen);
      for (const [participantId, seq] of advanced) {
        this.lastSeen = Math.max(this.lastSeen, seq);
        for (const wake of this.listeners.get(participantId) ?? []) wake();
      }
    } catch {
      // The database is away for a moment: the next tick asks again.
    } finally {
      this.polling = false;
    }
  }

  private wakeAll(): void {
    for (const set of this.listeners.values()) for (const wake of set) wake();
  }
}
