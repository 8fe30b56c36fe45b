import type { Admin } from 'kafkajs';
import { ensureTopics } from './topics';

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

const layout = { partitions: 3, replication: 1 };

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
});
