import type { KafkaSecurity } from '../../libs/config/src/kafka-security';

/** What a message of one type becomes in the fan-out stage: its recipients and its receipt header's bytes. */
export interface Route {
  recipients: string[];
  receipt: string;
}

/** A fan-out baseline stage's configuration (passed in BENCH_STAGE, as JSON). */
export interface StageConfig {
  kind: 'relay' | 'fanout';
  run: string;
  brokers: string[];
  sasl: KafkaSecurity['sasl'];
  from: string;
  /** `relay`: the topic written; `fanout`: the prefix of the delivery topics (the participant id follows). */
  to: string;
  /** `fanout`: by message type. */
  routes: Record<string, Route>;
}
