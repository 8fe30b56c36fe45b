import { Settings } from './settings';

/** Topic names, derived from the prefix in one place. */
export interface TopicNames {
  /** The exchange's own entry (dead-letter replays, super-user producers): its records are believed about `sender`. */
  inbound: string;
  /** A participant's own entry topic: only it may write there, and what it writes must name it as `sender`. */
  inboundOf(participantId: string): string;
  inboundPrefix: string;
  /** The participant whose inbound topic this is, or undefined for any other topic. */
  producerOf(topic: string): string | undefined;
  validated: string;
  dlq: string;
  deliver(participantId: string): string;
  deliverPrefix: string;
}

export function topicNames(prefix: string): TopicNames {
  return {
    inbound: `${prefix}.inbound`,
    inboundPrefix: `${prefix}.inbound.`,
    inboundOf: (participantId: string) => `${prefix}.inbound.${participantId}`,
    producerOf: (topic: string) =>
      topic.startsWith(`${prefix}.inbound.`) ? topic.slice(`${prefix}.inbound.`.length) : undefined,
    validated: `${prefix}.validated`,
    dlq: `${prefix}.dlq`,
    deliverPrefix: `${prefix}.deliver.`,
    deliver: (participantId: string) => `${prefix}.deliver.${participantId}`,
  };
}

export function topicsOf(settings: Settings): TopicNames {
  return topicNames(settings.kafka.topicPrefix);
}
