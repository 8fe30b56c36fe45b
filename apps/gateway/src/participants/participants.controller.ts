import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { Access } from '@cx/auth';
import { ApiKeysService } from '../auth';
import { problems } from '../problem';
import {
  NewParticipant,
  newParticipantViolations,
  ParticipantPatch,
  participantPatchViolations,
} from './participant-input';
import { ParticipantsService } from './participants.service';

/** The admin API of contract section 2 (AuthGuard lets only the admin token into /v1/admin). */
@Access('admin')
@Controller('v1/admin/participants')
export class ParticipantsController {
  constructor(
    private readonly participants: ParticipantsService,
    private readonly keys: ApiKeysService,
  ) {}

  @Post()
  async create(@Body() body: unknown) {
    const violations = newParticipantViolations(body);
    if (violations.length > 0) throw problems.invalid('The participant is not valid.', violations);
    return this.participants.create(body as NewParticipant);
  }

  @Get()
  list(@Query('role') role?: string, @Query('country') country?: string, @Query('active') active?: string) {
    return this.participants.list({
      role,
      country,
      active: active === undefined ? undefined : active === 'true',
    });
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.participants.get(id);
  }

  @Patch(':id')
  update(@Param('id') id: string, @Body() body: unknown) {
    const violations = participantPatchViolations(body);
    if (violations.length > 0) throw problems.invalid('The change is not valid.', violations);
    return this.participants.update(id, body as ParticipantPatch);
  }

  @Post(':id/keys')
  async issueKey(@Param('id') id: string) {
    await this.participants.get(id);
    return this.keys.issue(id);
  }

  @Get(':id/keys')
  async listKeys(@Param('id') id: string) {
    await this.participants.get(id);
    return (await this.keys.list(id)).map(({ id: keyId, createdAt, revokedAt }) => ({
      keyId,
      createdAt,
      revokedAt,
    }));
  }

  @Delete(':id/keys/:keyId')
  @HttpCode(204)
  async revokeKey(@Param('id') id: string, @Param('keyId') keyId: string): Promise<void> {
    if (!(await this.keys.revoke(id, keyId)))
      throw problems.notFound(`Participant ${id} has no key ${keyId}.`);
  }

  /** Participant's own Kafka credential (SCRAM); the password is in this answer only. */
  @Post(':id/kafka-credential')
  issueKafkaCredential(@Param('id') id: string) {
    return this.participants.issueKafkaCredential(id);
  }

  @Get(':id/kafka-credential')
  kafkaAccess(@Param('id') id: string) {
    return this.participants.kafkaAccessOf(id);
  }

  @Delete(':id/kafka-credential')
  @HttpCode(204)
  revokeKafkaCredential(@Param('id') id: string): Promise<void> {
    return this.participants.revokeKafkaCredential(id);
  }
}
