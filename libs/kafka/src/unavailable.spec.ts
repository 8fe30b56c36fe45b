import { isKafkaUnavailable, KafkaWriteRefused } from './unavailable';

const named = (name: string) => Object.assign(new Error('x'), { name });

describe('isKafkaUnavailable', () => {
  it.each([
    ['a refused connection', named('KafkaJSConnectionError')],
    ['retries exhausted', named('KafkaJSNumberOfRetriesExceeded')],
    ['a request timeout', named('KafkaJSRequestTimeoutError')],
    ['a write the producer refused', new KafkaWriteRefused('no acknowledgment within 5000 ms')],
    ["kafkajs' request to a broker whose connection just closed", new Error('Broker not connected')],
  ])('is true for %s', (_what, err) => {
    expect(isKafkaUnavailable(err)).toBe(true);
  });

  it.each([
    ['a plain error', new Error('boom')],
    ['a TypeError that happens to say the same', new TypeError('Broker not connected')],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['nothing', undefined],
  ])('is false for %s', (_what, err) => {
    expect(isKafkaUnavailable(err)).toBe(false);
  });
});
