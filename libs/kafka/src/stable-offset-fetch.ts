import {
  KafkaDecoder,
  KafkaEncoder,
  KafkajsDecoder,
  KafkajsEncoder,
  kafkajsRequests,
  KafkaRequest,
  RequestDefinitions,
  withAddedVersion,
} from './kafkajs-protocol';

// kafkajs reads a group's committed offsets with OffsetFetch v4, whose answer holds the offsets from before a
// transaction that is still completing: a commit is answered before its markers are written, so a consumer that
// (re)joins in that moment reads offsets one transaction old and consumes that transaction's input a second time.
// Kafka's own consumer asks with `require_stable` (KIP-447, OffsetFetch v7) whenever it reads read_committed; the
// broker then answers UNSTABLE_OFFSET_COMMIT (retriable) until the outcome is written. This module gives kafkajs v7.

const OFFSET_FETCH = 9;
const STABLE_VERSION = 7;

export interface OffsetFetchArgs {
  groupId: string;
  topics: { topic: string; partitions: { partition: number }[] }[] | null;
}

export interface OffsetFetchAnswer {
  throttleTime: number;
  clientSideThrottleTime: number;
  responses: {
    topic: string;
    partitions: { partition: number; offset: string; metadata: string | null; errorCode: number }[];
  }[];
  errorCode: number;
}

/** OffsetFetch v7 (flexible): group, topics and `require_stable = true`. */
export function stableOffsetFetchRequest({ groupId, topics }: OffsetFetchArgs): KafkaRequest {
  return {
    apiKey: OFFSET_FETCH,
    apiVersion: STABLE_VERSION,
    apiName: 'OffsetFetch',
    encode: () => Promise.resolve(encodeRequest(groupId, topics)),
  };
}

function encodeRequest(groupId: string, topics: OffsetFetchArgs['topics']): KafkaEncoder {
  // kafkajs writes request header v1; a flexible request's header v2 adds an empty tagged-field section after it.
  const e = new KafkajsEncoder().writeUVarInt(0).writeUVarIntString(groupId);
  if (topics === null) e.writeUVarInt(0);
  else {
    e.writeUVarInt(topics.length + 1);
    for (const { topic, partitions } of topics) {
      e.writeUVarIntString(topic).writeUVarInt(partitions.length + 1);
      for (const { partition } of partitions) e.writeInt32(partition);
      e.writeUVarInt(0);
    }
  }
  return e.writeBoolean(true).writeUVarInt(0);
}

/** The v7 answer, in the shape kafkajs' v4 decoder gives (so its consumer and admin read it unchanged). */
export function decodeStableOffsetFetch(raw: Buffer): OffsetFetchAnswer {
  const d = new KafkajsDecoder(raw);
  d.readTaggedFields(); // response header v1
  const throttleTime = d.readInt32();
  const responses =
    d.readUVarIntArray((t) => {
      const topic = t.readUVarIntString() ?? '';
      const partitions =
        t.readUVarIntArray((p: KafkaDecoder) => {
          const partition = p.readInt32();
          const offset = p.readInt64().toString();
          p.readInt32(); // committed leader epoch: kafkajs does not use it
          const metadata = p.readUVarIntString();
          const errorCode = p.readInt16();
          p.readTaggedFields();
          return { partition, offset, metadata, errorCode };
        }) ?? [];
      t.readTaggedFields();
      return { topic, partitions };
    }) ?? [];
  const errorCode = d.readInt16();
  d.readTaggedFields();
  return { throttleTime: 0, clientSideThrottleTime: throttleTime, responses, errorCode };
}

/**
 * The OffsetFetch definitions with v7 added over kafkajs' own: kafkajs asks for min(7, broker's highest); a broker
 * below 7 gets the highest of kafkajs' own versions it knows.
 */
export function withStableOffsetFetch(original: RequestDefinitions): RequestDefinitions {
  const parse = (
    require('kafkajs/src/protocol/requests/offsetFetch/v2/response') as {
      parse: (d: OffsetFetchAnswer) => Promise<OffsetFetchAnswer>;
    }
  ).parse;
  return withAddedVersion(original, STABLE_VERSION, (args: OffsetFetchArgs) => ({
    request: stableOffsetFetchRequest(args),
    response: { decode: (raw: Buffer) => Promise.resolve(decodeStableOffsetFetch(raw)), parse },
  }));
}

let installed = false;

/** Make every kafkajs client of this process read committed offsets stably (idempotent). */
export function installStableOffsetFetch(): void {
  if (installed) return;
  kafkajsRequests.OffsetFetch = withStableOffsetFetch(kafkajsRequests.OffsetFetch);
  installed = true;
}
