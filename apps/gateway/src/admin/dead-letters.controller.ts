import { Controller, Get, HttpCode, Inject, Param, Post, Query as QueryParams } from '@nestjs/common';
import { Access } from '@cx/auth';
import { SETTINGS, Settings, topicsOf } from '@cx/config';
import { DurableProducer, PIPELINE_HEADERS } from '@cx/kafka';
import { DeadLetterEntity, DeadLetterStore } from '@cx/persistence';
import { problems } from '../problem';
import { parsePage, Query } from './query-input';

const PREVIEW = 200;

function summary(d: DeadLetterEntity) {
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
 * was, to the inbound topic: it goes through validation again, and if it fails again it is a new dead letter whose
 * `replayOf` names this one.
 */
@Access('admin')
@Controller('v1/admin/dlq')
export class DeadLettersController {
  private readonly inbound: string;

  constructor(
    private readonly deadLetters: DeadLetterStore,
    private readonly producer: DurableProducer,
    @Inject(SETTINGS) settings: Settings,
  ) {
    this.inbound = topicsOf(settings).inbound;
  }

  @Get()
  async list(@QueryParams() q: Query) {
    const page = parsePage(q);
    if (page.value === undefined) throw problems.invalid('The query is not valid.', page.violations);
    const found = await this.deadLetters.page(page.value.limit, page.value.offset);
    return { ...found, items: found.items.map(summary) };
  }

  @Get(':id')
  async get(@Param('id') id: string) {
    const d = await this.find(id);
    return { ...summary(d), value: d.value };
  }

  @Post(':id/replay')
  @HttpCode(202)
  async replay(@Param('id') id: string) {
    const d = await this.find(id);
    await this.producer
      .send([
        {
          topic: this.inbound,
          key: d.recordKey,
          value: Buffer.from(d.value, 'utf8'),
          headers: { [PIPELINE_HEADERS.replayOf]: d.id },
        },
      ])
      .catch(() => {
        throw problems.unavailable('Kafka is unavailable; nothing was replayed. Retry later.');
      });
    const replayed = (await this.deadLetters.markReplayed(id, new Date()))!;
    return {
      id,
      status: 'replayed',
      topic: this.inbound,
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
