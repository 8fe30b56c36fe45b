import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ConsumedRecord, OutgoingRecord } from '@cx/kafka';
import { RoutingService } from './routing.service';

/** Consumes `cx.validated` batch by batch; the transport commits the returned deliveries with the offsets. */
@Controller()
export class ValidatedController {
  constructor(private readonly routing: RoutingService) {}

  @MessagePattern('validated')
  handle(@Payload() records: ConsumedRecord[]): Promise<OutgoingRecord[]> {
    return this.routing.route(records);
  }
}
