import { Logger } from '@nestjs/common';
import { Kafka, logCreator, logLevel } from 'kafkajs';

/** Injection token of the app's kafkajs client. */
export const KAFKA = Symbol('KAFKA');

/** Consumer group ids of the pipeline, defined once; readiness checks look for their members. */
export function pipelineGroups(prefix: string): { validator: string; router: string } {
  return { validator: `${prefix}.validator`, router: `${prefix}.router` };
}

// A transaction begun right after a commit often meets the coordinator still writing the previous one's markers;
// the broker answers CONCURRENT_TRANSACTIONS, kafkajs retries, and logs each retry at ERROR. It is expected: dropped.
const EXPECTED = /concurrent operation on the same transaction/;

const nestLogs: logCreator = () => {
  const logger = new Logger('kafkajs');
  return ({ level, log }) => {
    const { message, error } = log as { message: string; error?: string };
    const text = `${message}${error ? `: ${error}` : ''}`;
    if (EXPECTED.test(text)) return;
    if (level <= logLevel.ERROR) logger.error(text);
    else logger.warn(text);
  };
};

export function createKafka(brokers: string[], clientId: string): Kafka {
  return new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.WARN,
    logCreator: nestLogs,
    connectionTimeout: 3000,
    requestTimeout: 30000,
    // Retrying CONCURRENT_TRANSACTIONS after 20 ms rather than kafkajs' 300 ms makes each transaction ~10x faster.
    retry: { initialRetryTime: 20, maxRetryTime: 5000 },
  });
}
