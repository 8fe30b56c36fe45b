import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, FindOptionsWhere } from 'typeorm';
import { SETTINGS, Settings, topicsOf } from '@cx/config';
import { IssuedKafkaCredential, KafkaAdmin, KafkaAccessState, ParticipantKafkaAccess } from '@cx/kafka';
import { CachedParticipantDirectory } from '@cx/participants';
import { ParticipantEntity } from '@cx/persistence';
import { ApiKeysService } from '../auth';
import { problems } from '../problem';
import { NewParticipant, ParticipantPatch } from './participant-input';

/**
 * The participant register: creating a participant also creates its first key, its delivery topic and its inbound
 * topic; deactivating one also takes its Kafka access away.
 */
@Injectable()
export class ParticipantsService {
  constructor(
    @Inject(SETTINGS) private readonly settings: Settings,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly keys: ApiKeysService,
    private readonly kafka: KafkaAdmin,
    private readonly directory: CachedParticipantDirectory,
    private readonly kafkaAccess: ParticipantKafkaAccess,
  ) {}

  private get repo() {
    return this.ds.getRepository(ParticipantEntity);
  }

  async create(input: NewParticipant): Promise<{ participant: ParticipantEntity; apiKey: string }> {
    if (await this.repo.existsBy({ id: input.id }))
      throw problems.conflict(`Participant ${input.id} already exists.`);
    await this.assertEdifactIdFree(input.edifactId, input.id);
    const topics = topicsOf(this.settings);
    await this.kafka.ensure([topics.deliver(input.id), topics.inboundOf(input.id)]);
    const now = new Date().toISOString();
    const participant = Object.assign(new ParticipantEntity(), {
      edifactId: null,
      edifactQualifier: null,
      ...input,
      active: true,
      createdAt: now,
      updatedAt: now,
    });
    await this.repo
      .insert(participant)
      .catch((e: unknown) => this.edifactIdTaken(e, input.edifactId, input.id));
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
    await this.assertEdifactIdFree(patch.edifactId, id);
    // Before the row changes: a participant shown inactive must have no Kafka access left.
    if (patch.active === false) await this.kafkaAccess.revoke(id);
    const next = Object.assign(current, patch, { updatedAt: new Date().toISOString() });
    await this.repo.save(next).catch((e: unknown) => this.edifactIdTaken(e, patch.edifactId, id));
    await this.directory.refresh();
    return next;
  }

  /** An EDIFACT id names one participant: the UNB sender of an interchange is the participant it belongs to. */
  private async assertEdifactIdFree(edifactId: string | null | undefined, owner: string): Promise<void> {
    if (!edifactId) return;
    const holder = await this.repo.findOneBy({ edifactId });
    if (holder && holder.id !== owner)
      throw problems.conflict(`EDIFACT id ${edifactId} belongs to participant ${holder.id}.`);
  }

  /** A write that lost the race for an EDIFACT id to a concurrent one: 409 as if it had come second. */
  private async edifactIdTaken(
    error: unknown,
    edifactId: string | null | undefined,
    owner: string,
  ): Promise<never> {
    await this.assertEdifactIdFree(edifactId, owner);
    throw error;
  }

  /** A new Kafka credential for an active participant, replacing any earlier one; the password is shown once. */
  async issueKafkaCredential(id: string): Promise<IssuedKafkaCredential> {
    const participant = await this.get(id);
    if (!participant.active)
      throw problems.conflict(
        `Participant ${id} is inactive: reactivate it before issuing a Kafka credential.`,
      );
    return this.kafkaAccess.issue(id);
  }

  async kafkaAccessOf(id: string): Promise<KafkaAccessState> {
    await this.get(id);
    return this.kafkaAccess.state(id);
  }

  async revokeKafkaCredential(id: string): Promise<void> {
    await this.get(id);
    await this.kafkaAccess.revoke(id);
  }
}
