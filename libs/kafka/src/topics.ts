import { Admin, ITopicConfig } from 'kafkajs';

export interface TopicLayout {
  partitions: number;
  replication: number;
}

/**
 * Creates the topics that do not exist yet. Creating an existing topic is not an error: every app calls this at
 * start, and participants' delivery topics appear while the exchange runs.
 */
export async function ensureTopics(admin: Admin, names: string[], layout: TopicLayout): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = [...new Set(names)].filter((n) => !existing.has(n));
  if (missing.length === 0) return [];
  const topics: ITopicConfig[] = missing.map((topic) => ({
    topic,
    numPartitions: layout.partitions,
    replicationFactor: layout.replication,
  }));
  try {
    await admin.createTopics({ topics, waitForLeaders: true });
  } catch (err) {
    // Another app may have created the same topic between listTopics and createTopics.
    if (!/already exists/i.test(String((err as Error).message))) throw err;
  }
  return missing;
}
