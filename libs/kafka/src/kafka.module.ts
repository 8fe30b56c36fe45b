import {
  DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import { Admin, Kafka } from 'kafkajs';
import { SETTINGS, Settings, topicsOf } from '@cx/config';
import { createKafka, KAFKA } from './client';
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
    const { partitions, replication } = this.settings.kafka;
    const t = topicsOf(this.settings);
    const entryTopics = names.filter((n) => n === t.inbound || t.producerOf(n) !== undefined);
    return ensureTopics(this.admin, names, { partitions, replication, entryTopics });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin.disconnect();
  }
}

function brokersOf(settings: Settings): string[] {
  if (settings.kafka.brokers === undefined) {
    throw new Error(
      'KAFKA_BROKERS is not set: start the exchange with `npm start`, or point KAFKA_BROKERS at a cluster',
    );
  }
  return settings.kafka.brokers;
}

/** Kafka for one app of the exchange; `app` names its client in the broker's logs and quotas. */
@Module({})
export class KafkaModule {
  static forApp(app: string): DynamicModule {
    return {
      module: KafkaModule,
      global: true,
      providers: [
        {
          provide: KAFKA,
          inject: [SETTINGS],
          useFactory: (settings: Settings) =>
            createKafka(brokersOf(settings), `cx-${app}`, settings.kafka.security),
        },
        KafkaAdmin,
      ],
      exports: [KAFKA, KafkaAdmin],
    };
  }
}
