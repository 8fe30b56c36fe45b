/**
 * kafkajs' send as patched by patches/kafkajs/sendMessages.js (put over kafkajs by npm's postinstall). kafkajs 2.2.4's
 * own file fails both: a partition whose leadership moved to a broker that had already answered was never sent again
 * (lost), and a request still in flight when another failed was sent again beside itself (written twice).
 */
const createSendMessages = require('kafkajs/src/producer/sendMessages') as (
  deps: unknown,
) => (args: {
  acks: number;
  timeout: number;
  topicMessages: { topic: string; messages: { value: string; partition: number }[] }[];
}) => Promise<Array<{ topicName: string; partition: number }>>;
const { createErrorFromCode } = require('kafkajs/src/protocol/error') as {
  createErrorFromCode: (code: number) => Error;
};

const NOT_LEADER = 6;

/**
 * Two brokers; partition 1's leader fails once and leadership moves to broker 1, which already answered for 0 (or,
 * with `slowBroker1`, is still answering when broker 2 fails).
 */
function fakeCluster({ slowBroker1 = false } = {}) {
  const leaders: Record<string, number> = { '0': 1, '1': 2 };
  const produced: Array<{ broker: number; partitions: number[] }> = [];
  let failed = false;
  const broker = (nodeId: number) => ({
    nodeId,
    produce: async ({
      topicData,
    }: {
      topicData: { topic: string; partitions: { partition: number }[] }[];
    }) => {
      const partitions = topicData.flatMap((t) => t.partitions.map((p) => p.partition));
      if (nodeId === 2 && !failed) {
        failed = true;
        throw createErrorFromCode(NOT_LEADER);
      }
      if (nodeId === 1 && slowBroker1) await new Promise((r) => setTimeout(r, 50));
      produced.push({ broker: nodeId, partitions });
      return {
        topics: topicData.map((t) => ({
          topicName: t.topic,
          partitions: t.partitions.map((p) => ({ partition: p.partition, errorCode: 0, baseOffset: '0' })),
        })),
      };
    },
  });
  const brokers = new Map([1, 2].map((id) => [id, broker(id)]));
  const cluster = {
    targetTopics: new Set<string>(),
    refreshMetadataIfNecessary: async () => undefined,
    refreshMetadata: async () => {
      if (failed) leaders['1'] = 1;
    },
    addMultipleTargetTopics: async () => undefined,
    isConnected: () => true,
    findTopicPartitionMetadata: () => [{ partitionId: 0 }, { partitionId: 1 }],
    findLeaderForPartitions: (_topic: string, partitions: string[]) => {
      const out: Record<number, number[]> = {};
      for (const p of partitions) (out[leaders[p]] ??= []).push(Number(p));
      return out;
    },
    findBroker: async ({ nodeId }: { nodeId: number }) => brokers.get(Number(nodeId)),
  };
  return { cluster, produced };
}

function sender(cluster: unknown) {
  const logger = { debug: () => undefined, error: () => undefined };
  return createSendMessages({
    logger,
    cluster,
    partitioner: ({ message }: { message: { partition: number } }) => message.partition,
    eosManager,
    retrier,
  });
}

const twoPartitions = [
  {
    topic: 't',
    messages: [
      { value: 'a', partition: 0 },
      { value: 'b', partition: 1 },
    ],
  },
];

const eosManager = {
  isTransactional: () => false,
  getSequence: () => 0,
  updateSequence: () => undefined,
  acquireBrokerLock: async () => undefined,
  releaseBrokerLock: async () => undefined,
  getProducerId: () => -1,
  getProducerEpoch: () => 0,
};

const retrier = async (fn: (bail: (e: Error) => never, n: number, t: number) => Promise<unknown>) => {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(
        (e) => {
          throw e;
        },
        attempt,
        0,
      );
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
};

it('resends a failed partition to its new leader even when that broker already answered for another partition', async () => {
  const { cluster, produced } = fakeCluster();
  const answers = await sender(cluster)({ acks: -1, timeout: 1000, topicMessages: twoPartitions });
  // Partition 0 was answered by broker 1 at the first try; partition 1 failed at broker 2 and moved to broker 1.
  expect(produced).toEqual([
    { broker: 1, partitions: [0] },
    { broker: 1, partitions: [1] },
  ]);
  expect(answers.map((a) => `${a.topicName}/${a.partition}`).sort()).toEqual(['t/0', 't/1']);
});

it('does not send a partition again while its first request is still in flight', async () => {
  const { cluster, produced } = fakeCluster({ slowBroker1: true });
  await sender(cluster)({ acks: -1, timeout: 1000, topicMessages: twoPartitions });
  // Broker 2 failed while broker 1 was still answering for partition 0: partition 0 is written once.
  expect(produced.filter((p) => p.partitions.includes(0))).toHaveLength(1);
  expect(produced.filter((p) => p.partitions.includes(1))).toHaveLength(1);
});
