import { TopicNames } from '@cx/config';

/** How often the validator looks for the inbound topic of a participant created since it started. */
export const INBOUND_REFRESH_MS = 2000;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `cx.inbound` (the exchange's own entry) and every participant's `cx.inbound.<id>`. */
export function inboundTopics(topics: TopicNames): RegExp {
  return new RegExp(`^(${escape(topics.inbound)}|${escape(topics.inboundPrefix)}[A-Z0-9-]+)$`);
}
