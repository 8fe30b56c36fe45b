import { DynamicModule, Module } from '@nestjs/common';
import { AppName, clientIdOf, SETTINGS, Settings } from '@cx/config';
import { createKafka, KAFKA } from './client';
import { KafkaAdmin } from './kafka-admin';
import { TopicCache } from './topic-cache';

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
  static forApp(app: AppName): DynamicModule {
    return {
      module: KafkaModule,
      global: true,
      providers: [
        {
          provide: KAFKA,
          inject: [SETTINGS],
          useFactory: (settings: Settings) =>
            createKafka(brokersOf(settings), clientIdOf(app), settings.kafka.security),
        },
        KafkaAdmin,
        TopicCache,
      ],
      exports: [KAFKA, KafkaAdmin, TopicCache],
    };
  }
}
