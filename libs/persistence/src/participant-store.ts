import type { Participant } from '@cx/contracts';
import { DataSource } from 'typeorm';
import { ParticipantEntity } from './entities/participant.entity';

/** The participant register as the apps' in-memory directory reads it (libs/participants). */
export class ParticipantStore {
  constructor(private readonly ds: DataSource) {}

  /** Count and latest change of the table: differs after any participant is created or changed. */
  async stamp(): Promise<string> {
    const row = (await this.ds
      .getRepository(ParticipantEntity)
      .createQueryBuilder('p')
      .select('COUNT(*)', 'n')
      .addSelect('MAX(p.updated_at)', 'latest')
      .getRawOne()) as { n: string | number; latest: string | null } | undefined;
    return `${row?.n ?? 0}/${row?.latest ?? ''}`;
  }

  async all(): Promise<Participant[]> {
    const rows = await this.ds.getRepository(ParticipantEntity).find();
    return rows.map((e) => ({
      id: e.id,
      name: e.name,
      role: e.role,
      country: e.country,
      locations: e.locations,
      active: e.active,
      edifactId: e.edifactId,
      edifactQualifier: e.edifactQualifier,
    }));
  }
}
