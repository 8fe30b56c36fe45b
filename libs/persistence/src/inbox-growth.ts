import { InboxStore } from './inbox-store';

/**
 * Which participants' inboxes grew since the last call: one query for all of them. The first call (and the first
 * after `reset`) answers 'all': what came before, the callers read for themselves when they started.
 */
export class InboxGrowth {
  private lastSeq?: number;

  constructor(private readonly inbox: InboxStore) {}

  async since(): Promise<Set<string> | 'all'> {
    if (this.lastSeq === undefined) {
      this.lastSeq = await this.inbox.globalLastSeq();
      return 'all';
    }
    const advanced = await this.inbox.advancedSince(this.lastSeq);
    for (const seq of advanced.values()) this.lastSeq = Math.max(this.lastSeq, seq);
    return new Set(advanced.keys());
  }

  reset(): void {
    this.lastSeq = undefined;
  }
}
