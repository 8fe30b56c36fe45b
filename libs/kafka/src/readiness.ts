import { Admin } from 'kafkajs';

export interface KafkaReadiness {
  brokers: number;
  /** Groups that have no live member yet. */
  groupsNotReady: string[];
}

/** Asks the cluster for its brokers and whether every named consumer group has a live member. */
export async function kafkaReadiness(admin: Admin, groups: string[]): Promise<KafkaReadiness> {
  const cluster = await admin.describeCluster();
  const groupsNotReady: string[] = [];
  if (groups.length > 0) {
    const { groups: described } = await admin.describeGroups(groups);
    for (const g of described) {
      if (g.members.length === 0 || g.state !== 'Stable') groupsNotReady.push(g.groupId);
    }
  }
  return { brokers: cluster.brokers.length, groupsNotReady };
}
