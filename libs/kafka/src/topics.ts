import { isKafkaUnavailable, KafkaWriteRefused } from './unavailable';
import { Admin, ITopicConfig } from 'kafkajs';

export interface TopicLayout {
  partitions: number;
  replication: number;
  /**
   * `min.insync.replicas`: with the producers' acks=all, a record counts as written once this many replicas have it,
   * and writes are refused (not silently under-replicated) while fewer are in sync.
   */
  minInsync: number;
  /** Topics operators write to directly (cx.inbound): these keep the ordinary record size limit. */
  entryTopics?: string[];
}

/** Largest record batch an operator may write to an entry topic: Kafka's default, stated so that it is known. */
export const ENTRY_MAX_MESSAGE_BYTES = 1_048_588;
/**
 * Every other topic takes twice as much. What the exchange writes there is derived from an accepted record and a
 * little larger than it (a dead letter carries its reason, a delivery its CloudEvents headers), and must always fit:
 * a record the broker refused would stop the pipeline at that offset for good.
 */
export const DERIVED_MAX_MESSAGE_BYTES = 2 * ENTRY_MAX_MESSAGE_BYTES;

/** kafkajs' KafkaJSTimeout when the topics were created but their leaders not seen within its `timeout`. */
const LEADERS_NOT_YET = /waiting for topic leaders/i;
/** The configuration a topic is created with: its record size limit and its in-sync minimum. */
export function topicConfig(topic: string, layout: TopicLayout): { name: string; value: string }[] {
  const maxBytes = layout.entryTopics?.includes(topic) ? ENTRY_MAX_MESSAGE_BYTES : DERIVED_MAX_MESSAGE_BYTES;
  return [
    { name: 'max.message.bytes', value: String(maxBytes) },
    { name: 'min.insync.replicas', value: String(layout.minInsync) },
  ];
}

/**
 * Creates the topics that do not exist yet. Creating an existing topic is not an error: every app calls this at
 * start, and participants' delivery topics appear while the exchange runs.
 */
export async function ensureTopics(
  admin: Admin,
  names: string[],
  layout: TopicLayout,
  metadataWaitMs = 15_000,
): Promise<string[]> {
  const existing = new Set(await listTopics(admin));
  const missing = [...new Set(names)].filter((n) => !existing.has(n));
  if (missing.length === 0) return [];
  const topics: ITopicConfig[] = missing.map((topic) => ({
    topic,
    numPartitions: layout.partitions,
    replicationFactor: layout.replication,
    configEntries: topicConfig(topic, layout),
  }));
  try {
    await admin.createTopics({ topics, waitForLeaders: true });
  } catch (err) {
    // Another app may have created the same topic between listTopics and createTopics. Or the topics were created
    // and the broker's metadata does not list them yet when kafkajs waits for their leaders, or their leaders were
    // not elected within kafkajs' wait (a busy controller, thousands of partitions): waited for below.
    const { message, type } = err as { message?: string; type?: string };
    const created = type === 'UNKNOWN_TOPIC_OR_PARTITION' || LEADERS_NOT_YET.test(String(message));
    if (!/already exists/i.test(String(message)) && !created) {
      const refusal = refusalOf(err);
      if (refusal !== undefined) throw refusal;
    }
  }
  await waitForMetadata(admin, missing, metadataWaitMs);
  return missing;
}

/**
 * What a failed CreateTopics means. kafkajs' aggregate of per-topic errors: topics that exist already, or whose
 * creation the controller did not finish within the request's timeout (REQUEST_TIMED_OUT: it goes on and they appear
 * later), are waited for like created ones; retriable errors only (a controller moving, a busy broker) are Kafka
 * unavailable, a 503; anything else is passed on.
 */
function refusalOf(err: unknown): Error | undefined {
  const error = err instanceof Error ? err : new Error(String(err));
  const inner = (err as { errors?: Array<{ type?: string; retriable?: boolean }> }).errors;
  if (!Array.isArray(inner) || inner.length === 0) return error;
  if (inner.every((e) => e.type === 'TOPIC_ALREADY_EXISTS' || e.type === 'REQUEST_TIMED_OUT'))
    return undefined;
  if (inner.every((e) => e.retriable === true)) {
    const why = inner.map((e) => e.type).join(', ');
    return new KafkaWriteRefused(`the broker could not create the topics now: ${why}`, { cause: err });
  }
  return error;
}

/**
 * The cluster's topics. Listing is only a metadata request, so whatever makes it fail is Kafka not answering now, a
 * 503: kafkajs also fails it with plain errors of its own when a metadata refresh races a closing connection on a
 * busy broker (a TypeError on a null metadata answer, met registering the ~1,700th participant in bench:participants).
 */
async function listTopics(admin: Admin): Promise<string[]> {
  try {
    return await admin.listTopics();
  } catch (err) {
    if (isKafkaUnavailable(err)) throw err;
    throw new KafkaWriteRefused(`the broker did not list its topics: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

/** Waits until the cluster serves metadata for every partition of the topics (bounded; a few hundred ms at most here). */
async function waitForMetadata(admin: Admin, topics: string[], timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { topics: meta } = await admin.fetchTopicMetadata({ topics });
      if (meta.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
    } catch (err) {
      // A broker too busy to serve the new topics in time is Kafka unavailable (503, retry), not the caller's bug.
      if (Date.now() > deadline) {
        const why = err instanceof Error ? err.message : String(err);
        throw new KafkaWriteRefused(`the new topics were not served within ${timeoutMs} ms: ${why}`, {
          cause: err,
        });
      }
    }
    if (Date.now() > deadline) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}
