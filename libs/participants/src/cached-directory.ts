import type { Participant, ParticipantDirectory } from '@cx/contracts';

const REFRESH_MS = 2000;
const MISS_RELOAD_MS = 1000;

/** Where the register is read from (libs/persistence's ParticipantStore). */
export interface ParticipantSource {
  /** A short value that changes whenever the register does (a row added, changed or removed). */
  stamp(): Promise<string>;
  all(): Promise<Participant[]>;
}

/**
 * The participant register in memory, for the synchronous rules of validation and routing. Before each batch,
 * `ensureCurrent` compares a one-row stamp of the table (count, latest change) with the loaded one and reloads on a
 * difference, so a participant created or deactivated through the API (in another process) counts for every message
 * submitted after that call answered. A timer reloads every two seconds as well.
 */
export class CachedParticipantDirectory implements ParticipantDirectory {
  private byId = new Map<string, Participant>();
  private loadedAt = 0;
  private timer?: NodeJS.Timeout;
  private loading?: Promise<void>;
  private stamp = '';
  private checking?: Promise<void>;

  constructor(private readonly source: ParticipantSource) {}

  async start(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh().catch(() => undefined), REFRESH_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  get(id: string): Participant | undefined {
    return this.byId.get(id);
  }

  all(): Iterable<Participant> {
    return this.byId.values();
  }

  /** Reloads when one of `ids` is unknown and the last load is over a second old. */
  async ensureFresh(ids: Iterable<string>): Promise<void> {
    for (const id of ids) {
      if (!this.byId.has(id) && Date.now() - this.loadedAt > MISS_RELOAD_MS) return this.refresh();
    }
  }

  /** Reloads when the table changed since the last load (one small query; concurrent callers share it). */
  ensureCurrent(): Promise<void> {
    this.checking ??= this.source
      .stamp()
      .then((stamp) => (stamp === this.stamp ? undefined : this.refresh(stamp)))
      .finally(() => (this.checking = undefined));
    return this.checking;
  }

  /** Loads the register now (one query; concurrent callers share it). `stamp`: one just read, not to read again. */
  refresh(stamp?: string): Promise<void> {
    this.loading ??= this.load(stamp).finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async load(stampBefore?: string): Promise<void> {
    // The stamp is read before the rows: a change racing with the row read shows up as a new stamp next time.
    const stamp = stampBefore ?? (await this.source.stamp());
    const participants = await this.source.all();
    this.byId = new Map(participants.map((p) => [p.id, p]));
    this.loadedAt = Date.now();
    this.stamp = stamp;
  }
}
