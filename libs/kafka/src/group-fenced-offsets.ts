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

// kafkajs commits a transaction's offsets with TxnOffsetCommit v1, which names no consumer-group generation. So a
// member that lost its partitions in a rebalance it did not see yet (its transaction outlived its session, say) can
// still commit offsets, and the outputs with them, for records the partitions' new owner has read and processed too.
// Kafka's own producer sends the group's metadata (KIP-447: TxnOffsetCommit v3 with the generation and member id), and
// the group coordinator refuses a commit of an older generation (ILLEGAL_GENERATION) or of a member it no longer knows
// (UNKNOWN_MEMBER_ID): that transaction aborts. This module gives kafkajs v3, and learns each member's generation from
// the JoinGroup answers its consumers get.

const TXN_OFFSET_COMMIT = 28;
const FENCING_VERSION = 3;

/** A consumer group member as the coordinator last answered its JoinGroup. */
export interface GroupMember {
  memberId: string;
  generationId: number;
}

export interface TxnOffsetCommitArgs {
  transactionalId: string;
  groupId: string;
  producerId: string | number;
  producerEpoch: number;
  topics: { topic: string; partitions: { partition: number; offset: string; metadata?: string | null }[] }[];
}

/** The generation each member id was last given (JoinGroup answers of every consumer of this process). */
const generations = new Map<string, number>();
/** The member whose generation each transactional id's offset commits carry. */
const members = new Map<string, string>();

/** From now on, `transactionalId`'s offset commits are valid only for `memberId` in its current generation. */
export function commitOffsetsAs(transactionalId: string, memberId: string): void {
  members.set(transactionalId, memberId);
}

/** The member (and generation) `transactionalId`'s commits carry, if it was bound to one. */
export function memberOf(transactionalId: string): GroupMember | undefined {
  const memberId = members.get(transactionalId);
  const generationId = memberId === undefined ? undefined : generations.get(memberId);
  return memberId === undefined || generationId === undefined ? undefined : { memberId, generationId };
}

/** TxnOffsetCommit v3 (flexible): v1's fields plus the member's generation and id (-1 and '' check nothing). */
export function fencedTxnOffsetCommitRequest(
  args: TxnOffsetCommitArgs,
  member: GroupMember | undefined,
): KafkaRequest {
  return {
    apiKey: TXN_OFFSET_COMMIT,
    apiVersion: FENCING_VERSION,
    apiName: 'TxnOffsetCommit',
    encode: () => Promise.resolve(encodeRequest(args, member)),
  };
}

function encodeRequest(a: TxnOffsetCommitArgs, member: GroupMember | undefined): KafkaEncoder {
  // kafkajs writes request header v1; a flexible request's header v2 adds an empty tagged-field section after it.
  const e = new KafkajsEncoder()
    .writeUVarInt(0)
    .writeUVarIntString(a.transactionalId)
    .writeUVarIntString(a.groupId)
    .writeInt64(a.producerId)
    .writeInt16(a.producerEpoch)
    .writeInt32(member?.generationId ?? -1)
    .writeUVarIntString(member?.memberId ?? '')
    .writeUVarIntString(null) // group instance id: members are dynamic
    .writeUVarInt(a.topics.length + 1);
  for (const { topic, partitions } of a.topics) {
    e.writeUVarIntString(topic).writeUVarInt(partitions.length + 1);
    for (const p of partitions) {
      e.writeInt32(p.partition)
        .writeInt64(p.offset)
        .writeInt32(-1) // committed leader epoch: unknown
        .writeUVarIntString(p.metadata ?? null)
        .writeUVarInt(0);
    }
    e.writeUVarInt(0);
  }
  return e.writeUVarInt(0);
}

export interface TxnOffsetCommitAnswer {
  throttleTime: number;
  topics: { topic: string; partitions: { partition: number; errorCode: number }[] }[];
}

/** The v3 answer, in the shape kafkajs' v0 decoder gives (so its parse, which throws the first error, reads it). */
export function decodeFencedTxnOffsetCommit(raw: Buffer): TxnOffsetCommitAnswer {
  const d = new KafkajsDecoder(raw);
  d.readTaggedFields(); // response header v1
  const throttleTime = d.readInt32();
  const topics =
    d.readUVarIntArray((t) => {
      const topic = t.readUVarIntString() ?? '';
      const partitions =
        t.readUVarIntArray((p: KafkaDecoder) => {
          const partition = p.readInt32();
          const errorCode = p.readInt16();
          p.readTaggedFields();
          return { partition, errorCode };
        }) ?? [];
      t.readTaggedFields();
      return { topic, partitions };
    }) ?? [];
  d.readTaggedFields();
  return { throttleTime, topics };
}

/** The TxnOffsetCommit definitions with v3 added over kafkajs' own (a broker below 3 gets kafkajs' highest it knows). */
export function withFencedTxnOffsetCommit(original: RequestDefinitions): RequestDefinitions {
  const parse = (
    require('kafkajs/src/protocol/requests/txnOffsetCommit/v0/response') as {
      parse: (d: TxnOffsetCommitAnswer) => Promise<TxnOffsetCommitAnswer>;
    }
  ).parse;
  return withAddedVersion(original, FENCING_VERSION, (args: TxnOffsetCommitArgs) => ({
    request: fencedTxnOffsetCommitRequest(args, memberOf(args.transactionalId)),
    response: { decode: (raw: Buffer) => Promise.resolve(decodeFencedTxnOffsetCommit(raw)), parse },
  }));
}

/** The JoinGroup definitions, each answer's generation noted for its member id (see `memberOf`). */
export function noteGenerations(original: RequestDefinitions): RequestDefinitions {
  return {
    versions: original.versions,
    protocol: (opts) => {
      const make = original.protocol(opts) as unknown as (args: unknown) => {
        request: KafkaRequest;
        response: { decode: (raw: Buffer) => Promise<unknown>; parse: (d: unknown) => Promise<unknown> };
      };
      return ((args: unknown) => {
        const { request, response } = make(args);
        const parse = async (decoded: unknown) => {
          const answer = (await response.parse(decoded)) as Partial<GroupMember>;
          if (typeof answer.memberId === 'string' && typeof answer.generationId === 'number')
            generations.set(answer.memberId, answer.generationId);
          return answer;
        };
        return { request, response: { ...response, parse } };
      }) as ReturnType<RequestDefinitions['protocol']>;
    },
  };
}

let installed = false;

/** Make every kafkajs client of this process commit transactional offsets fenced by group generation (idempotent). */
export function installGroupFencedOffsets(): void {
  if (installed) return;
  kafkajsRequests.TxnOffsetCommit = withFencedTxnOffsetCommit(kafkajsRequests.TxnOffsetCommit);
  kafkajsRequests.JoinGroup = noteGenerations(kafkajsRequests.JoinGroup);
  installed = true;
}
