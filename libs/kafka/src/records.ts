/** A record as the pipeline's handlers see it: key and value already decoded as UTF-8. */
export interface ConsumedRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  timestamp: string;
}

/** Where a record was read, `topic:partition:offset`: what the pipeline records as a message's origin. */
export function positionOf(r: { topic: string; partition: number; offset: string }): string {
  return `${r.topic}:${r.partition}:${r.offset}`;
}

/** The topic of a position made by positionOf (a topic name may hold ':' itself; partition and offset do not). */
export function topicOfPosition(position: string): string {
  return position.split(':').slice(0, -2).join(':');
}

/** A record a handler wants written, in the same transaction as the consumed offsets. */
export interface OutgoingRecord {
  topic: string;
  key: string | null;
  value: string | Buffer;
  headers?: Record<string, string>;
}
