import { Kafka, logLevel } from 'kafkajs';

/** Injection token of the app's kafkajs client. */
export const KAFKA = Symbol('KAFKA');

/** Consumer group ids of the pipeline, defined once; readiness checks look for their members. */
export function pipelineGroups(prefix: string): { validator: string; router: string } {
  return { validator: `${prefix}.validator`, router: `${prefix}.router` };
}

export function createKafka(brokers: string[], clientId: string): Kafka {
  return new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.WARN,
    connectionTimeout: 3000,
    requestTimeout: 30000,
    retry: { initialRetryTime: 200, retries: 8, maxRetryTime: 5000 },
  });
}
