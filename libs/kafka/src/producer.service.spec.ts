import { Logger } from '@nestjs/common';
import type { Settings } from '@cx/config';
import type { Kafka } from 'kafkajs';
import { DurableProducer } from './producer.service';
import { KafkaWriteRefused } from './unavailable';

/** A kafkajs client whose producers answer sendBatch with `send`. */
function fakeKafka(send: () => Promise<unknown>) {
  const producers: number[] = [];
  const kafka = {
    producer: () => {
      producers.push(producers.length);
      return { connect: async () => {}, disconnect: async () => {}, sendBatch: send };
    },
  } as unknown as Kafka;
  return { kafka, producers };
}

const settings = { kafkaAckTimeoutMs: 200 } as Settings;
const record = { topic: 't', key: 'k', value: 'v' };

describe('DurableProducer', () => {
  beforeAll(() => jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined));
  afterAll(() => jest.restoreAllMocks());

  it('refuses a write Kafka failed as KafkaWriteRefused, and replaces its producer', async () => {
    const failure = Object.assign(new Error('retries exhausted'), { name: 'KafkaJSNumberOfRetriesExceeded' });
    const { kafka, producers } = fakeKafka(() => Promise.reject(failure));
    const producer = new DurableProducer(kafka, settings);
    await producer.onModuleInit();
    const err: unknown = await producer.send([record]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KafkaWriteRefused);
    expect((err as Error).cause).toBe(failure);
    expect(producers).toHaveLength(2);
  });

  it('refuses a write not acknowledged in time as KafkaWriteRefused', async () => {
    const { kafka } = fakeKafka(() => new Promise(() => {}));
    const producer = new DurableProducer(kafka, settings);
    await expect(producer.send([record])).rejects.toThrow(KafkaWriteRefused);
  });

  it('lets an error of its own (a bug) through as it is', async () => {
    const bug = new TypeError('not a record');
    const { kafka } = fakeKafka(() => Promise.reject(bug));
    const producer = new DurableProducer(kafka, settings);
    await expect(producer.send([record])).rejects.toBe(bug);
  });
});
