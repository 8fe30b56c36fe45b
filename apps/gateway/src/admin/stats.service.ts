import { Inject, Injectable } from '@nestjs/common';
import { SETTINGS, Settings } from '@cx/config';
import { KafkaAdmin } from '@cx/kafka';
import { ParticipantEntity, TrafficStore } from '@cx/persistence';
import { failuresByRule, latencySummary, outcomesByType, perMinute, windowStart } from '@cx/traffic';
import { ParticipantsService } from '../participants/participants.service';
import { DeliveryLagService } from './delivery-lag.service';

type Health =
  { status: 'up'; latencyMs: number; [detail: string]: unknown } | { status: 'down'; message: string };

async function measured<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await work();
  return { value, ms: Date.now() - started };
}

const down = (err: unknown): Health => ({ status: 'down', message: (err as Error).message ?? String(err) });

/** `GET /v1/admin/stats`: reads the database and Kafka, and lets libs/traffic do the arithmetic. */
@Injectable()
export class StatsService {
  constructor(
    private readonly traffic: TrafficStore,
    private readonly participants: ParticipantsService,
    private readonly lag: DeliveryLagService,
    private readonly kafka: KafkaAdmin,
    @Inject(SETTINGS) private readonly settings: Settings,
  ) {}

  async stats(windowMinutes: number, now = new Date()) {
    const [database, kafka] = await Promise.all([this.databaseHealth(), this.kafkaHealth()]);
    if (database.status === 'down') return { generatedAt: now.toISOString(), health: { database, kafka } };
    const [counts, window, acks, deadLetters, people, activity] = await Promise.all([
      this.traffic.outcomeCounts(),
      this.traffic.window(windowStart(now, windowMinutes)),
      this.traffic.count('acks'),
      this.traffic.count('deadLetters'),
      this.participants.list({}),
      this.traffic.activity(),
    ]);
    const lag = await this.lag.lag(people.map((p) => p.id)).catch((err: Error) => err);
    return {
      generatedAt: now.toISOString(),
      windowMinutes,
      totals: { byType: outcomesByType(counts), acks, deadLetters },
      perMinute: perMinute(window, now, windowMinutes),
      failuresByRule: failuresByRule(window.filter((r) => r.status === 'rejected')),
      latency: latencySummary(window.filter((r) => r.status === 'routed')),
      participants: people.map((p) => this.participantRow(p, activity, lag)),
      deliveryLag:
        lag instanceof Error
          ? { status: 'unavailable', message: lag.message }
          : { status: 'ok', groupsScanned: lag.groupsScanned, groupsTruncated: lag.groupsTruncated },
      health: { database, kafka },
    };
  }

  private participantRow(
    p: ParticipantEntity,
    activity: Awaited<ReturnType<TrafficStore['activity']>>,
    lag: Awaited<ReturnType<DeliveryLagService['lag']>> | Error,
  ) {
    const lastSentAt = activity.lastSentAt.get(p.id) ?? null;
    const lastDeliveredAt = activity.lastDeliveredAt.get(p.id) ?? null;
    const lastActivityAt =
      [lastSentAt, lastDeliveredAt]
        .filter((x) => x !== null)
        .sort()
        .pop() ?? null;
    return {
      id: p.id,
      name: p.name,
      role: p.role,
      country: p.country,
      active: p.active,
      lastSentAt,
      lastDeliveredAt,
      lastActivityAt,
      deliveryLag:
        lag instanceof Error
          ? { status: 'unavailable', lag: null, consumers: [] }
          : (lag.byParticipant.get(p.id) ?? { status: 'no topic', lag: null, consumers: [] }),
    };
  }

  private async databaseHealth(): Promise<Health> {
    try {
      const ms = await this.traffic.ping();
      return { status: 'up', latencyMs: ms, kind: this.settings.database.kind };
    } catch (err) {
      return down(err);
    }
  }

  private async kafkaHealth(): Promise<Health> {
    try {
      const { value, ms } = await measured(() => this.kafka.admin.describeCluster());
      return { status: 'up', latencyMs: ms, brokers: value.brokers.length, controller: value.controller };
    } catch (err) {
      return down(err);
    }
  }
}
