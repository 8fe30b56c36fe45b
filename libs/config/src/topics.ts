import { Settings } from './settings';

/** Topic names, derived from the prefix in one place. */
export interface TopicNames {
  inbound: string;
  validated: string;
  dlq: string;
  deliver(participantId: string): string;
  deliverPrefix: string;
}

export function topicNames(prefix: string): TopicNames {
  return {
    inbound: `${prefix}.inbound`,
    validated: `${prefix}.validated`,
    dlq: `${prefix}.dlq`,
    deliverPrefix: `${prefix}.deliver.`,
    deliver: (participantId: string) => `${prefix}.deliver.${participantId}`,
  };
}

export function topicsOf(settings: Settings): TopicNames {
  return topicNames(settings.kafka.topicPrefix);
}
