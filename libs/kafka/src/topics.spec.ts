import { Admin } from 'kafkajs';
import { ensureTopics, minInsyncReplicasOf } from './topics';

describe('minInsyncReplicasOf', () => {
  it.each([
    [1, 1],
    [2, 1],
    [3, 2],
    [5, 2],
  ])('replication %i: %i in sync', (replication, minIsr) => {
    expect(minInsyncReplicasOf(replication)).toBe(minIsr);
  });
});

describe('ensureTopics', () => {
  it('creates the missing topics with the layout, min.insync.replicas and the record size limit', async () => {
    const created: unknown[] = [];
    const admin = {
      listTopics: async () => ['cx.validated'],
      createTopics: async ({ topics }: { topics: unknown[] }) => created.push(...topics),
      fetchTopicMetadata: async ({ topics }: { topics: string[] }) => ({
        topics: topics.map((name) => ({ name, partitions: [{ leader: 1 }] })),
      }),
    } as unknown as Admin;
    await ensureTopics(admin, ['cx.validated', 'cx.inbound'], {
      partitions: 3,
      replication: 3,
      entryTopics: ['cx.inbound'],
    });
    expect(created).toEqual([
      {
        topic: 'cx.inbound',
        numPartitions: 3,
        replicationFactor: 3,
        configEntries: [
          { name: 'min.insync.replicas', value: '2' },
          { name: 'max.message.bytes', value: '1048588' },
        ],
      },
    ]);
  });
});
