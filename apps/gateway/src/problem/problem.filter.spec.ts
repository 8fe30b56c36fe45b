import { QueryFailedError } from 'typeorm';
import { KafkaWriteRefused } from '@cx/kafka';
import { toProblemException } from './problem.filter';

const coded = (code: string) => Object.assign(new Error('x'), { code });
const named = (name: string) => Object.assign(new Error('x'), { name });

describe('toProblemException', () => {
  it.each([
    ['a Kafka write refused', new KafkaWriteRefused('no acknowledgment within 10000 ms')],
    ['a broker that cannot be reached', named('KafkaJSConnectionError')],
    ['a refused database connection', coded('ECONNREFUSED')],
    [
      'a query that lost its connection',
      new QueryFailedError('SELECT 1', [], new Error('Connection terminated unexpectedly')),
    ],
  ])('answers 503 with Retry-After for %s: an outage, nothing stored', (_what, err) => {
    const p = toProblemException(err);
    expect(p.status).toBe(503);
    expect(p.headers['Retry-After']).toBe('5');
  });

  it.each([
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a failed query', new QueryFailedError('INSERT', [], coded('23505'))],
    ['a plain error', new Error('boom')],
  ])('answers 500 for %s', (_what, err) => {
    expect(toProblemException(err).status).toBe(500);
  });
});
