import { DERIVED_MAX_MESSAGE_BYTES, ENTRY_MAX_MESSAGE_BYTES, topicConfig } from './topics';

describe('topicConfig', () => {
  const layout = { partitions: 3, replication: 3, minInsync: 2, entryTopics: ['cx.inbound'] };

  it('creates every topic with the configured in-sync minimum', () => {
    for (const topic of ['cx.inbound', 'cx.validated', 'cx.deliver.GE-CUSTOMS']) {
      expect(topicConfig(topic, layout)).toContainEqual({ name: 'min.insync.replicas', value: '2' });
    }
  });

  it('keeps the ordinary record size on entry topics and twice that on derived ones', () => {
    expect(topicConfig('cx.inbound', layout)).toContainEqual({
      name: 'max.message.bytes',
      value: String(ENTRY_MAX_MESSAGE_BYTES),
    });
    expect(topicConfig('cx.validated', layout)).toContainEqual({
      name: 'max.message.bytes',
      value: String(DERIVED_MAX_MESSAGE_BYTES),
    });
  });
});
