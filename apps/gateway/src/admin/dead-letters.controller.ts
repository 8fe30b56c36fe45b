import { Controller, Get, HttpCode, Inject, Param, Post, Query as QueryParams } from '@nestjs/common';
import { Access } from '@cx/auth';
import type { DeadLetter, DeadLetterPage } from '@cx/contracts';
import { SETTINGS, Settings, TopicNames, topicsOf } from '@cx/config';
import { DurableProducer, PIPELINE_HEADERS, topicOfPosition } from '@cx/kafka';
import { DeadLetterEntity, DeadLetterStore } from '@cx/persistence';
import { problems } from '../problem';
import { parsePage, Query } from './query-input';

const PREVIEW = 200;

function summary(d: DeadLetterEntity): DeadLetter {
  return {
    id: d.id,
    reason: d.reason,
    recordKey: d.recordKey,
    receivedAt: d.receivedAt,
    replayedAt: d.replayedAt,
    replayCount: d.replayCount,
    replayOf: d.replayOf,
    size: Buffer.byteLength(d.value, 'utf8'),
    preview: d.value.slice(0, PREVIEW),
  };
}

/**
 * `GET /v1/admin/dlq`, `GET /v1/admin/dlq/{id}`, `POST /v1/admin/dlq/{id}/replay`. A replay produces the record, as it
 * was, to the inbound topic it came from (see replayTopic): it goes through validation again, and if it fails again it is a new dead letter whose
 * `replayOf` names this one.
 */
@Access('admin')
@Controller('v1/admin/dlq')
export class DeadLettersController {
  private readonly topics: TopicNames;

  constructor(
    private readonly deadLetters: DeadLetterStore,
    private readonly producer: DurableProducer,
    @Inject(SETTINGS) settings: Settings,
  ) {
    this.topics = topicsOf(settings);
  }

  /**
   * Where a dead letter is replayed: a record of a participant's inbound topic goes back there, so that its sender
   * stays bound to that participant (on `cx.inbound` the sender is believed); any other to `cx.inbound`. A dead
   * letter's id is `<topic>:<partition>:<offset>` of the record it was.
   */
  private replayTopic(deadLetterId: string): string {
    const source = topicOfPosition(deadLetterId);
    return this.topics.producerOf(source) !== undefined ? source : this.topics.inbound;
  }

  @Get()
  async list(@QueryParams() q: Query): Promise<DeadLetterPage> {
    const page = parsePage(q);
    if (page.value === undefined) throw problems.invalid('The query is not valid.', page.violations);
    const found = await this.deadLetters.page(page.value.limit, page.value.offset);
    return { ...found, items: found.items.map(summary) };
  }

  @Get(':id')
  async get(@Param('id') id: string): Promise<DeadLetter> {
    const d = await this.find(id);
    return { ...summary(d), value: d.value };
  }

  @Post(':id/replay')
  @HttpCode(202)
  async replay(@Param('id') id: string) {
    const d = await this.find(id);
    const topic = this.replayTopic(d.id);
    await this.producer.send([
      {
        topic,
        key: d.recordKey,
        value: Buffer.from(d.value, 'utf8'),
        headers: { [PIPELINE_HEADERS.replayOf]: d.id },
      },
    ]);
    const replayed = (await this.deadLetters.markReplayed(id, new Date()))!;
    return {
      id,
      status: 'replayed',
      topic,
      replayedAt: replayed.replayedAt,
      replayCount: replayed.replayCount,
    };
  }

  private async find(id: string): Promise<DeadLetterEntity> {
    const d = await this.deadLetters.findOne(id);
    if (!d) throw problems.notFound(`No dead letter ${id}.`);
    return d;
  }
}
