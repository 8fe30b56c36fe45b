import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, FindOptionsWhere } from 'typeorm';
import { SETTINGS, Settings, topicsOf } from '@cx/config';
import { KafkaAdmin } from '@cx/kafka';
import { CachedParticipantDirectory, ParticipantEntity } from '@cx/persistence';
import { ApiKeysService } from '../auth';
import { problems } from '../problem';
import { NewParticipant, ParticipantPatch } from './participant-input';

/** The participant register: creating a participant also creates its first key and its delivery topic. */
@Injectable()
export class ParticipantsService {
  constructor(
    @Inject(SETTINGS) private readonly settings: Settings,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly keys: ApiKeysService,
    private readonly kafka: KafkaAdmin,
    private readonly directory: CachedParticipantDirectory,
  ) {}

  private get repo() {
    return this.ds.getRepository(ParticipantEntity);
  }

  async create(input: NewParticipant): Promise<{ participant: ParticipantEntity; apiKey: string }> {
    if (await this.repo.existsBy({ id: input.id }))
      throw problems.conflict(`Participant ${input.id} already exists.`);
    await this.kafka.ensure([topicsOf(this.settings).deliver(input.id)]);
    const now = new Date().toISOString();
    const participant = Object.assign(new ParticipantEntity(), {
      ...input,
      active: true,
      createdAt: now,
      updatedAt: now,
    });
    await this.repo.insert(participant);
    const { apiKey } = await this.keys.issue(input.id);
    await this.directory.refresh();
    return { participant, apiKey };
  }

  list(filter: { role?: string; country?: string; active?: boolean }) {
    const where: FindOptionsWhere<ParticipantEntity> = {};
    if (filter.role) where.role = filter.role as ParticipantEntity['role'];
    if (filter.country) where.country = filter.country;
    if (filter.active !== undefined) where.active = filter.active;
    return this.repo.find({ where, order: { id: 'ASC' } });
  }

  async get(id: string): Promise<ParticipantEntity> {
    const found = await this.repo.findOneBy({ id });
    if (!found) throw problems.notFound(`No participant ${id}.`);
    return found;
  }

  async update(id: string, patch: ParticipantPatch): Promise<ParticipantEntity> {
    const current = await this.get(id);
    const next = Object.assign(current, patch, { updatedAt: new Date().toISOString() });
    await this.repo.save(next);
    await this.directory.refresh();
    return next;
  }
}
