/** kafkajs errors that mean the broker could not be reached or did not answer in time. */
const UNAVAILABLE = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSBrokerNotFound',
  'KafkaJSLockTimeout',
]);

/**
 * Whether an error means Kafka could not be reached or used right now, as opposed to a fault of the request (the
 * twin of `isDatabaseUnavailable` in libs/persistence). Callers answer such errors with 503.
 */
export function isKafkaUnavailable(err: unknown): boolean {
  return UNAVAILABLE.has((err as { name?: string } | undefined)?.name ?? '');
}
