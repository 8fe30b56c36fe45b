/**
 * Kafka did not take a write: it failed, or was not acknowledged within CX_KAFKA_ACK_TIMEOUT_MS (DurableProducer).
 * Nothing was stored as far as the caller knows, so the caller may say "retry later".
 */
export class KafkaWriteRefused extends Error {
  override readonly name = 'KafkaWriteRefused';
}

/** kafkajs errors that mean the broker could not be reached or did not answer in time, and our own write refusal. */
const UNAVAILABLE = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSBrokerNotFound',
  'KafkaJSLockTimeout',
  'KafkaWriteRefused',
]);

/**
 * kafkajs throws a plain Error with this message when a request goes to a broker object whose connection was just
 * closed (its metadata refresh raced a disconnect): the broker is away for the moment, not a bug of ours. Met as a
 * 500 from participant registration on a broker busy with ~5,600 partitions (bench:participants).
 */
const BROKER_NOT_CONNECTED = 'Broker not connected';

/**
 * Whether an error means Kafka could not be reached or used right now, as opposed to a fault of the request or a
 * bug (the twin of `isDatabaseUnavailable` in libs/persistence). Callers answer such errors with 503.
 */
export function isKafkaUnavailable(err: unknown): boolean {
  const { name, message } = (err ?? {}) as { name?: string; message?: string };
  return UNAVAILABLE.has(name ?? '') || (name === 'Error' && message === BROKER_NOT_CONNECTED);
}
