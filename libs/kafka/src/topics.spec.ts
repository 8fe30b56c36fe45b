import type { Admin } from 'kafkajs';
import { DERIVED_MAX_MESSAGE_BYTES, ENTRY_MAX_MESSAGE_BYTES, ensureTopics, topicConfig } from './topics';
import { isKafkaUnavailable } from './unavailable';

/** An admin whose createTopics fails with `error`, and whose metadata shows the topics led from then on. */
function adminFailingWith(error: Error) {
  const created: string[] = [];
  const admin = {
    listTopics: jest.fn(async () => []),
    createTopics: jest.fn(async ({ topics }: { topics: Array<{ topic: string }> }) => {
      created.push(...topics.map((t) => t.topic));
      throw error;
    }),
    fetchTopicMetadata: jest.fn(async ({ topics }: { topics: string[] }) => ({
      topics: topics.map((name) => ({ name, partitions: [{ partitionId: 0, leader: 1 }] })),
    })),
  };
  return { admin: admin as unknown as Admin, created };
}

const layout = { partitions: 3, replication: 1, minInsync: 1 };

describe('ensureTopics', () => {
  it('waits on its own when kafkajs gave up waiting for the new topics’ leaders (a busy controller)', async () => {
    const timeout = Object.assign(new Error('Timed out while waiting for topic leaders'), {
      name: 'KafkaJSTimeout',
    });
    const { admin, created } = adminFailingWith(timeout);
    await expect(ensureTopics(admin, ['t.deliver.A', 't.inbound.A'], layout)).resolves.toEqual([
      't.deliver.A',
      't.inbound.A',
    ]);
    expect(created).toEqual(['t.deliver.A', 't.inbound.A']);
  });

  it('passes on any other failure to create them', async () => {
    const refused = Object.assign(new Error('Topic authorization failed'), {
      type: 'TOPIC_AUTHORIZATION_FAILED',
    });
    const { admin } = adminFailingWith(refused);
    await expect(ensureTopics(admin, ['t.deliver.A'], layout)).rejects.toThrow('Topic authorization failed');
  });

  it('answers Kafka unavailable (a 503) when the broker does not serve the new topics in time, not a bug (a 500)', async () => {
    const timeout = Object.assign(new Error('Timed out while waiting for topic leaders'), {
      name: 'KafkaJSTimeout',
    });
    const { admin } = adminFailingWith(timeout);
    const unknown = Object.assign(new Error('This server does not host this topic-partition'), {
      name: 'KafkaJSProtocolError',
      type: 'UNKNOWN_TOPIC_OR_PARTITION',
    });
    (admin.fetchTopicMetadata as jest.Mock).mockRejectedValue(unknown);
    const err: unknown = await ensureTopics(admin, ['t.deliver.A'], layout, 300).catch((e: unknown) => e);
    expect(isKafkaUnavailable(err)).toBe(true);
    expect(String(err)).toMatch(/not served within 300 ms: This server does not host/);
  });
});

describe('ensureTopics when the controller is slow', () => {
  const aggregate = (...types: Array<[string, boolean]>) =>
    Object.assign(new Error('Topic creation errors'), {
      name: 'KafkaJSAggregateError',
      errors: types.map(([type, retriable]) => ({ type, retriable })),
    });

  it('waits for topics whose creation timed out on the controller: they appear later', async () => {
    const { admin } = adminFailingWith(
      aggregate(['REQUEST_TIMED_OUT', true], ['TOPIC_ALREADY_EXISTS', false]),
    );
    await expect(ensureTopics(admin, ['t.deliver.B', 't.inbound.B'], layout)).resolves.toEqual([
      't.deliver.B',
      't.inbound.B',
    ]);
  });

  it('answers Kafka unavailable (a 503) for retriable creation errors, and passes on the others', async () => {
    const retriable = adminFailingWith(aggregate(['NOT_CONTROLLER', true])).admin;
    const err: unknown = await ensureTopics(retriable, ['t.deliver.C'], layout).catch((e: unknown) => e);
    expect(isKafkaUnavailable(err)).toBe(true);
    const invalid = adminFailingWith(aggregate(['INVALID_REPLICATION_FACTOR', false])).admin;
    const other: unknown = await ensureTopics(invalid, ['t.deliver.C'], layout).catch((e: unknown) => e);
    expect(isKafkaUnavailable(other)).toBe(false);
    expect(String(other)).toMatch(/Topic creation errors/);
  });

  it('answers Kafka unavailable (a 503) when kafkajs fails to list the topics with an error of its own', async () => {
    const { admin } = adminFailingWith(new Error('not reached'));
    (admin.listTopics as jest.Mock).mockRejectedValueOnce(
      new TypeError("Cannot destructure property 'topicMetadata' of '(intermediate value)' as it is null."),
    );
    const err = await ensureTopics(admin, ['t.deliver.A'], layout).catch((e: unknown) => e);
    expect(isKafkaUnavailable(err)).toBe(true);
    expect((err as Error).message).toMatch(/did not list its topics: Cannot destructure/);
  });
});

describe('topicConfig', () => {
  const cluster = { partitions: 3, replication: 3, minInsync: 2, entryTopics: ['cx.inbound'] };

  it('creates every topic with the configured in-sync minimum', () => {
    for (const topic of ['cx.inbound', 'cx.validated', 'cx.deliver.GE-CUSTOMS']) {
      expect(topicConfig(topic, cluster)).toContainEqual({ name: 'min.insync.replicas', value: '2' });
    }
  });

  it('keeps the ordinary record size on entry topics and twice that on derived ones', () => {
    expect(topicConfig('cx.inbound', cluster)).toContainEqual({
      name: 'max.message.bytes',
      value: String(ENTRY_MAX_MESSAGE_BYTES),
    });
    expect(topicConfig('cx.validated', cluster)).toContainEqual({
      name: 'max.message.bytes',
      value: String(DERIVED_MAX_MESSAGE_BYTES),
    });
  });
});
