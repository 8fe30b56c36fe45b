import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Kafka, Partitioners, Producer } from 'kafkajs';
import { KAFKA } from './client';
import { OutgoingRecord } from './records';
import { sendRounds } from './send-rounds';

/**
 * An idempotent producer whose sends resolve only once every in-sync replica has the records (acks = all): the
 * gateway answers 202 after that, never before.
 */
@Injectable()
export class DurableProducer implements OnModuleInit, OnApplicationShutdown {
  private readonly producer: Producer;

  constructor(@Inject(KAFKA) kafka: Kafka) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  async onModuleInit(): Promise<void> {
    await this.producer.connect();
  }

  /** Writes the records, in rounds of bounded size (see sendRounds); resolves once all of them are acknowledged. */
  async send(records: OutgoingRecord[]): Promise<void> {
    for (const round of sendRounds(records)) {
      await this.producer.sendBatch({ acks: -1, timeout: 10_000, topicMessages: round });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer.disconnect();
  }
}
