import { Controller, Get, Param } from '@nestjs/common';
import { Access, type Caller } from '@cx/auth';
import type { Consignment } from '@cx/contracts';
import { CachedParticipantDirectory } from '@cx/participants';
import { MessageEntity, MessageStore, PipelineStore } from '@cx/persistence';
import { CurrentCaller } from '../auth';
import { problems } from '../problem';

/** `GET /v1/consignments/{ref}`: a consignment's parties, last event and timeline, for its parties and the admin. */
@Access('participant', 'admin')
@Controller('v1/consignments')
export class ConsignmentsController {
  constructor(
    private readonly store: PipelineStore,
    private readonly messages: MessageStore,
    private readonly participants: CachedParticipantDirectory,
  ) {}

  @Get(':ref')
  async get(@CurrentCaller() caller: Caller, @Param('ref') ref: string): Promise<Consignment> {
    const consignment = (await this.store.consignments([ref])).get(ref);
    const visible =
      consignment && (caller.kind === 'admin' || consignment.parties.includes(caller.participant.id));
    if (!consignment || !visible) throw problems.notFound(`No consignment ${ref} that you may see.`);
    const timeline = await this.messages.timeline(ref);
    await this.participants.ensureFresh(consignment.parties);
    return {
      consignmentRef: ref,
      // A party deactivated since takes part no more (its keys stop working too); it is listed again if reactivated.
      parties: consignment.parties.filter((id) => this.participants.get(id)?.active),
      lastEvent: consignment.lastEvent,
      timeline: timelineOf(timeline),
    };
  }
}

/** Every version in order; one a later message of the timeline replaced is no longer current. */
function timelineOf(rows: MessageEntity[]): Consignment['timeline'] {
  const replaced = new Set(rows.map((m) => m.supersedes));
  return rows.map((m) => ({
    id: m.id,
    type: m.type,
    sender: m.sender,
    time: m.receivedAt,
    ...(m.supersedes ? { supersedes: m.supersedes } : {}),
    current: !replaced.has(m.id),
  }));
}
