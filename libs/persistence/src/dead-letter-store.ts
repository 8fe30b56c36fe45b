import { DataSource } from 'typeorm';
import { DeadLetterEntity } from './entities/dead-letter.entity';

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

/** The dead letters as an admin pages through, inspects and replays them. */
export class DeadLetterStore {
  constructor(private readonly ds: DataSource) {}

  private get repo() {
    return this.ds.getRepository(DeadLetterEntity);
  }

  /** Newest first. */
  async page(limit: number, offset: number): Promise<Page<DeadLetterEntity>> {
    const [items, total] = await this.repo.findAndCount({
      order: { receivedAt: 'DESC', id: 'ASC' },
      take: limit,
      skip: offset,
    });
    return { items, total, limit, offset };
  }

  findOne(id: string): Promise<DeadLetterEntity | null> {
    return this.repo.findOneBy({ id });
  }

  /** Records a replay (after the record is back on the inbound topic); answers the dead letter as it now is. */
  async markReplayed(id: string, at: Date): Promise<DeadLetterEntity | null> {
    await this.repo
      .createQueryBuilder()
      .update(DeadLetterEntity)
      .set({ replayedAt: at.toISOString(), replayCount: () => 'replay_count + 1' })
      .where('id = :id', { id })
      .execute();
    return this.findOne(id);
  }
}
