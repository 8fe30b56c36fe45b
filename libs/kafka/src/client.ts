import { Logger } from '@nestjs/common';
import { Kafka, KafkaConfig, logCreator, logLevel, SASLOptions } from 'kafkajs';
import type { KafkaSecurity } from '@cx/config';
import { installGroupFencedOffsets } from './group-fenced-offsets';
import { installStableOffsetFetch } from './stable-offset-fetch';

/** Injection token of the app's kafkajs client. */
export const KAFKA = Symbol('KAFKA');

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

/** kafkajs' `ssl` and `sasl` options for the configured security (KAFKA_SSL*, KAFKA_SASL_*). */
export function kafkaSecurityOptions(security: KafkaSecurity): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const { tls, sasl } = security;
  return {
    ssl: tls ? { ca: tls.ca, cert: tls.cert, key: tls.key, servername: tls.servername } : undefined,
    // kafkajs types each mechanism apart; the three share the same shape.
    sasl: sasl ? ({ ...sasl } as SASLOptions) : undefined,
  };
}

export function createKafka(brokers: string[], clientId: string, security: KafkaSecurity = {}): Kafka {
  // Committed offsets are read with require_stable, as Kafka's own read_committed consumer does (see the module).
  installStableOffsetFetch();
  // A transaction's offsets carry its consumer's group generation, as Kafka's own producer's do (see the module).
  installGroupFencedOffsets();
  return new Kafka({
    clientId,
    brokers,
    ...kafkaSecurityOptions(security),
    logLevel: logLevel.WARN,
    logCreator: nestLogs,
    connectionTimeout: 3000,
    requestTimeout: 30000,
    // Retrying CONCURRENT_TRANSACTIONS after 20 ms rather than kafkajs' 300 ms makes each transaction ~10x faster.
    retry: { initialRetryTime: 20, maxRetryTime: 5000 },
  });
}
