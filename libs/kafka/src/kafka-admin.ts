import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Admin, Kafka } from 'kafkajs';
import { SETTINGS, Settings, topicsOf } from '@cx/config';
import { KAFKA } from './client';
import { ensureTopics } from './topics';

/** A connected admin client, and the pipeline's fixed topics created at start. */
@Injectable()
export class KafkaAdmin implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(KafkaAdmin.name);
  readonly admin: Admin;

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    @Inject(SETTINGS) private readonly settings: Settings,
  ) {
    this.admin = kafka.admin();
  }

  async onModuleInit(): Promise<void> {
    await this.admin.connect();
    const t = topicsOf(this.settings);
    const created = await this.ensure([t.inbound, t.validated, t.dlq]);
    if (created.length > 0) this.logger.log(`Created topics ${created.join(', ')}`);
  }

  ensure(names: string[]): Promise<string[]> {
    const { partitions, replication, minInsync } = this.settings.kafka;
    const t = topicsOf(this.settings);
    const entryTopics = names.filter((n) => n === t.inbound || t.producerOf(n) !== undefined);
    return ensureTopics(this.admin, names, { partitions, replication, minInsync, entryTopics });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin.disconnect();
  }
}
