import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Kafka, Partitioners, Producer } from 'kafkajs';
import { SETTINGS, Settings } from '@cx/config';
import { KAFKA } from './client';
import { OutgoingRecord } from './records';
import { sendRounds } from './send-rounds';
import { KafkaWriteRefused } from './unavailable';

/** An error of kafkajs (its classes all carry a `KafkaJS…` name), as opposed to one of ours. */
const isKafkaError = (err: unknown) => /^KafkaJS/.test((err as { name?: string } | undefined)?.name ?? '');

interface Session {
  producer: Producer;
  connected: Promise<void>;
}

/**
 * An idempotent producer whose sends resolve only once every in-sync replica has the records (acks = all): the
 * gateway answers 202 after that, never before. A send that fails in Kafka, or gets no acknowledgment within
 * CX_KAFKA_ACK_TIMEOUT_MS, is refused (KafkaWriteRefused: the caller answers 503), and the producer is replaced by
 * a fresh one: after a broker restart a kafkajs producer can be left failing or waiting for good (its idempotence
 * state gone stale), which would refuse every write long after the broker is back. A write abandoned that way may
 * still land; the router drops the copy a retry brings.
 */
@Injectable()
export class DurableProducer implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(DurableProducer.name);
  private session?: Session;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(SETTINGS) private readonly settings: Settings,
  ) {}

  async onModuleInit(): Promise<void> {
    this.session = this.open();
    await this.session.connected;
  }

  /** Writes the records, in rounds of bounded size (see sendRounds); resolves once all of them are acknowledged. */
  async send(records: OutgoingRecord[]): Promise<void> {
    const session = this.session ?? (this.session = this.open());
    const ms = this.settings.kafkaAckTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new KafkaWriteRefused(`no acknowledgment within ${ms} ms`)), ms);
    });
    const write = (async () => {
      await session.connected;
      for (const round of sendRounds(records)) {
        await session.producer.sendBatch({ acks: -1, timeout: ms, topicMessages: round });
      }
    })();
    write.catch(() => undefined); // settled by the race below, or abandoned after the deadline
    try {
      await Promise.race([write, deadline]);
    } catch (err) {
      this.replace(session, err);
      throw isKafkaError(err) ? new KafkaWriteRefused((err as Error).message, { cause: err }) : err;
    } finally {
      clearTimeout(timer);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.session?.producer.disconnect();
  }

  private open(): Session {
    const producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    const connected = producer.connect();
    connected.catch(() => undefined); // a send awaits it and reports the failure
    return { producer, connected };
  }

  private replace(failed: Session, err: unknown): void {
    if (this.session !== failed) return; // another failed send replaced it already
    this.logger.warn(`send failed (${(err as Error).message}); replacing the producer`);
    this.session = this.open();
    void failed.producer.disconnect().catch(() => undefined);
  }
}
