/**
 * Every name the exchange uses on Kafka (topics, consumer groups, transactional ids, client ids), decided here, most
 * from CX_TOPIC_PREFIX, so that the apps, the admin API and the participants' ACLs agree.
 */
import type { AppName } from './apps';
import { Settings } from './settings';

/** Topic names, derived from the prefix. */
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

/** The apps that consume in Kafka transactions. */
export type PipelineApp = 'validator' | 'router';

/** Consumer group ids of the pipeline; readiness checks look for their members. */
export function pipelineGroups(prefix: string): Record<PipelineApp, string> {
  return { validator: `${prefix}.validator`, router: `${prefix}.router` };
}

/**
 * A pipeline app's transactional id: stable across restarts, so that a restarted instance fences its predecessor's
 * open transaction. Two instances of one app need distinct ids (CX_INSTANCE_ID), or each would fence the other; each
 * keeps its own across restarts, or a restarted one would not fence the zombie it replaces.
 */
export function transactionalIdOf(prefix: string, app: PipelineApp, instanceId?: string): string {
  return instanceId ? `${prefix}.${app}.${instanceId}` : `${prefix}.${app}`;
}

/** An app's Kafka client id: names it in the broker's logs and quotas. */
export const clientIdOf = (app: AppName) => `cx-${app}`;

/** The prefix of the consumer groups (and nothing else) a participant may use: `<id>.`. */
export const groupPrefixOf = (participantId: string) => `${participantId}.`;
