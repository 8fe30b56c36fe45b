import type { Participant, ParticipantDirectory } from '@cx/contracts';
import { DataSource } from 'typeorm';
import { ParticipantEntity } from './entities/participant.entity';

const REFRESH_MS = 2000;
const MISS_RELOAD_MS = 1000;

function toParticipant(e: ParticipantEntity): Participant {
  return {
    id: e.id,
    name: e.name,
    role: e.role,
    country: e.country,
    locations: e.locations,
    active: e.active,
  };
}

/**
 * The participant register in memory, for the synchronous rules of validation and routing. Reloaded every two
 * seconds, so every app sees a participant created or deactivated in the gateway within that; a batch naming an
 * unknown id reloads at once (at most once a second), so a participant created a moment ago is found.
 */
export class CachedParticipantDirectory implements ParticipantDirectory {
  private byId = new Map<string, Participant>();
  private loadedAt = 0;
  private timer?: NodeJS.Timeout;
  private loading?: Promise<void>;

  constructor(private readonly ds: DataSource) {}

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

  /** Loads the register now (one query; concurrent callers share it). */
  refresh(): Promise<void> {
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async load(): Promise<void> {
    const rows = await this.ds.getRepository(ParticipantEntity).find();
    this.byId = new Map(rows.map((r) => [r.id, toParticipant(r)]));
    this.loadedAt = Date.now();
  }
}
