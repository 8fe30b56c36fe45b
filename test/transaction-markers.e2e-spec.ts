/**
 * A transaction committed while one of its partitions has no leader must still complete once that partition has one
 * again. Kafka 4.1 to 4.4 do not (KAFKA-20734, open upstream): the coordinator looks the leader up, gets nothing for a
 * leaderless partition, takes it for a deleted one, drops its COMMIT marker and records the transaction complete. The
 * partition's last stable offset then stays at that transaction for ever: every `read_committed` reader (the router
 * on `cx.validated`, every recipient on its topic) stops there, and a group whose offsets were in it reads
 * UNSTABLE_OFFSET_COMMIT without end. A single node makes every partition leaderless on each restart, which is how the
 * fault suite's broker case stalled for good in about one CI run in ten. Kafka 4.0 keeps such markers queued until a
 * leader appears, hence the version pinned in scripts/kafka/pom.xml.
 *
 * Three nodes of a local cluster: the topic's only replica on a node that is not the transaction's coordinator, so
 * that stopping that node leaves the partition without a leader while the coordinator goes on.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalCluster, startLocalCluster } from '../scripts/kafka/cluster';
import { freePortRun } from './support/free-port';
import { testKafka } from './support/kafka-client';
import { TopicReader } from './support/topic-reader';
import { waitFor } from './support/wait';

const TOPIC = 'markers-check';
const TRANSACTIONAL_ID = 'markers-check';

let dataDir: string;
let cluster: LocalCluster | undefined;

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cx-markers-'));
});

afterAll(async () => {
  await cluster?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** The `__transaction_state` partition of a transactional id: Kafka's `Utils.abs(id.hashCode()) % partitions`. */
function transactionStatePartition(id: string, partitions: number): number {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (Math.imul(31, hash) + id.charCodeAt(i)) | 0;
  return (hash & 0x7fffffff) % partitions;
}

it('commits a transaction whose partition was leaderless at the commit once its leader is back', async () => {
  const port = await freePortRun(6);
  cluster = await startLocalCluster({
    dataDir,
    nodes: 3,
    port,
    controllerPort: port + 3,
    fresh: true,
    log: () => undefined,
  });
  const kafka = testKafka('markers-check', { brokers: cluster.brokers, sasl: cluster.credential });
  const admin = kafka.admin();
  await admin.connect();
  // The coordinator is the leader of the id's __transaction_state partition; the topic lives on another node alone.
  const producer = kafka.producer({
    transactionalId: TRANSACTIONAL_ID,
    idempotent: true,
    maxInFlightRequests: 1,
  });
  await producer.connect(); // InitProducerId creates the transaction state topic
  const state = await admin.fetchTopicMetadata({ topics: ['__transaction_state'] });
  const partitions = state.topics[0].partitions;
  const coordinator = partitions.find(
    (p) => p.partitionId === transactionStatePartition(TRANSACTIONAL_ID, partitions.length),
  )!.leader;
  const victim = cluster.nodes.find((n) => n.nodeId !== coordinator)!;
  await admin.createTopics({
    topics: [{ topic: TOPIC, replicaAssignment: [{ partition: 0, replicas: [victim.nodeId] }] }],
    waitForLeaders: false,
  });
  // Not createTopics' waitForLeaders: it retries only LEADER_NOT_AVAILABLE, and a node whose metadata has not caught
  // up with the controller answers UNKNOWN_TOPIC_OR_PARTITION for a moment (CI met it). waitFor retries both.
  await waitFor(
    async () =>
      (await admin.fetchTopicMetadata({ topics: [TOPIC] })).topics[0].partitions[0]?.leader === victim.nodeId,
    { what: `${TOPIC}'s leader on node ${victim.nodeId}` },
  );

  const txn = await producer.transaction();
  await txn.send({ topic: TOPIC, acks: -1, messages: [{ value: 'committed while leaderless' }] });
  await victim.stop(); // the partition's only replica: it has no leader now
  await txn.commit(); // the coordinator answers once it has recorded the decision; the markers follow
  await victim.start();

  await producer.disconnect();

  const reader = await TopicReader.open([TOPIC], kafka);
  try {
    await reader.waitFor((records) => records.length >= 1, 'the committed record on a read_committed reader');
    expect(reader.records.map((r) => r.value)).toEqual(['committed while leaderless']);
  } finally {
    await reader.close();
    await admin.disconnect();
  }
}, 240_000);
