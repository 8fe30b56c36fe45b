import { Inject, Injectable } from '@nestjs/common';
import { pipelineGroups, SETTINGS, Settings, TopicNames, topicsOf } from '@cx/config';
import { KafkaAdmin } from '@cx/kafka';
import { DeliveryLag, deliveryLag, GroupOffsets, PartitionEnd } from '@cx/traffic';

/** Consumer groups asked at most per refresh: the broker may host many (other prefixes, other tools). */
export const MAX_GROUPS = 100;
/** A dashboard polls every few seconds; Kafka is asked at most this often, whoever asks. */
const FRESH_MS = 5_000;

export interface LagReport {
  /** Delivery lag by participant id; participants whose topic does not exist yet are absent. */
  byParticipant: Map<string, DeliveryLag>;
  groupsScanned: number;
  groupsTruncated: boolean;
}

/**
 * Reads the consumer lag of the participants' delivery topics through the Kafka admin client, cheaply: one listing
 * of topics and groups, one offsets request per topic and per consumer group (at most MAX_GROUPS), shared by every
 * caller for FRESH_MS. The arithmetic is libs/traffic's deliveryLag.
 */
@Injectable()
export class DeliveryLagService {
  private readonly topics: TopicNames;
  private readonly pipeline: Set<string>;
  private cached?: { at: number; key: string; report: Promise<LagReport> };

  constructor(
    private readonly kafka: KafkaAdmin,
    @Inject(SETTINGS) settings: Settings,
  ) {
    this.topics = topicsOf(settings);
    this.pipeline = new Set(Object.values(pipelineGroups(settings.kafka.topicPrefix)));
  }

  lag(participantIds: string[]): Promise<LagReport> {
    const key = participantIds.join(',');
    if (this.cached && this.cached.key === key && Date.now() - this.cached.at < FRESH_MS)
      return this.cached.report;
    const report = this.read(participantIds);
    this.cached = { at: Date.now(), key, report };
    report.catch(() => (this.cached = undefined));
    return report;
  }

  private async read(participantIds: string[]): Promise<LagReport> {
    const admin = this.kafka.admin;
    const existing = new Set(await admin.listTopics());
    const wanted = participantIds.filter((id) => existing.has(this.topics.deliver(id)));
    const names = wanted.map((id) => this.topics.deliver(id));
    const { groups } = await admin.listGroups();
    const candidates = groups
      .filter((g) => g.protocolType === 'consumer' && !this.pipeline.has(g.groupId))
      .map((g) => g.groupId)
      .sort();
    const scanned = candidates.slice(0, MAX_GROUPS);
    const [ends, committed] = await Promise.all([
      Promise.all(names.map((topic) => admin.fetchTopicOffsets(topic))),
      names.length === 0
        ? Promise.resolve([])
        : Promise.all(scanned.map((groupId) => admin.fetchOffsets({ groupId, topics: names }))),
    ]);
    const byParticipant = new Map<string, DeliveryLag>();
    wanted.forEach((id, i) => {
      const topicEnds: PartitionEnd[] = ends[i].map((p) => ({
        partition: p.partition,
        high: p.high,
        low: p.low,
      }));
      const groupOffsets: GroupOffsets[] = scanned.map((groupId, g) => ({
        groupId,
        partitions: committed[g]?.find((t) => t.topic === names[i])?.partitions ?? [],
      }));
      byParticipant.set(id, deliveryLag(topicEnds, groupOffsets));
    });
    return {
      byParticipant,
      groupsScanned: scanned.length,
      groupsTruncated: candidates.length > scanned.length,
    };
  }
}
