import { senderIsNotProducer, senderIsProducerViolation } from './sender-is-producer';
import { inboundTopics } from './inbound-topics';
import { topicNames } from '@cx/config';

describe('sender.is-producer', () => {
  it.each([
    [{ sender: 'KZ-RAIL-KTZ' }, 'KZ-RAIL-KTZ', false],
    [{ sender: 'GE-CUSTOMS' }, 'KZ-RAIL-KTZ', true],
    [{}, 'KZ-RAIL-KTZ', true],
    [{ sender: 'GE-CUSTOMS' }, undefined, false],
  ])('%j produced by %s is refused: %s', (envelope, producer, refused) => {
    expect(senderIsNotProducer(envelope, producer)).toBe(refused);
  });

  it('names the rule and the sender field', () => {
    expect(senderIsProducerViolation({ sender: 'GE-CUSTOMS' }, 'KZ-RAIL-KTZ')).toEqual({
      path: '/sender',
      rule: 'sender.is-producer',
      message: expect.stringContaining('must be KZ-RAIL-KTZ'),
    });
  });
});

describe('inboundTopics', () => {
  const re = inboundTopics(topicNames('t1'));
  it.each([
    ['t1.inbound', true],
    ['t1.inbound.KZ-RAIL-KTZ', true],
    ['t1.inboundX', false],
    ['t1.inbound.', false],
    ['t2.inbound.KZ-RAIL-KTZ', false],
    ['t1.deliver.KZ-RAIL-KTZ', false],
  ])('%s: %s', (topic, matched) => {
    expect(re.test(topic)).toBe(matched);
  });

  it('tells the producer of a participant inbound topic', () => {
    const t = topicNames('t1');
    expect(t.producerOf('t1.inbound.KZ-RAIL-KTZ')).toBe('KZ-RAIL-KTZ');
    expect(t.producerOf('t1.inbound')).toBeUndefined();
  });
});
