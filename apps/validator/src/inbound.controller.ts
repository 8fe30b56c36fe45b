import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ConsumedRecord, OutgoingRecord } from '@cx/kafka';
import { InboundService } from './inbound.service';

/** Consumes `cx.inbound` batch by batch; the transport commits what the judge returns with the offsets. */
@Controller()
export class InboundController {
  constructor(private readonly inbound: InboundService) {}

  @MessagePattern('inbound')
  handle(@Payload() records: ConsumedRecord[]): Promise<OutgoingRecord[]> {
    return this.inbound.judge(records);
  }
}
