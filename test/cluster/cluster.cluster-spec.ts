/**
 * Cluster fault suite (`npm run test:cluster`): a three-node Kafka cluster (topics with three replicas, two in sync),
 * two instances of every app, load through both gateways (alternating) and an operator's producer. In turn: one
 * broker killed with SIGKILL and restarted; the leader of a partition of cx.validated killed; one instance of each
 * app killed; a notifier killed while posting, twice (one of each pair). After each, every recipient's topic holds
 * every acknowledged message once, in its consignment's order; after the last, so does a webhook endpoint.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { APPS } from '../../libs/config/src/apps';
import { saslEnv } from '../../libs/config/src/kafka-security';
import { LocalCluster, startLocalCluster } from '../../scripts/kafka/cluster';
import { auditSequence } from '../faults/support/audit';
import { expectNothingLost, FaultContext, underLoad } from '../faults/support/under-load';
import { call, corpusMessage, registerCorridor } from '../support/corridor';
import { createTestDatabase, TestDatabase } from '../support/database';
import { Exchange } from '../support/exchange';
import { freePorts } from '../support/free-port';
import { testKafka } from '../support/kafka-client';
import { waitFor } from '../support/wait';
import { WebhookTarget } from '../support/webhook-target';

const TEMPLATE = corpusMessage('cargo.manifest/valid-ferry-aktau-alat');
const RECIPIENTS = ['AZ-CUSTOMS', 'AZ-PORT-BAKU', 'KZ-CUSTOMS', 'KZ-PORT-AKTAU'];
/** A killed broker stays down this long before it starts again. */
const BROKER_DOWN_MS = 3_000;
const CASE_TIMEOUT_MS = 900_000;

let dataDir: string;
let cluster: LocalCluster;
let db: TestDatabase;
/** The two instance sets: `x` (the first of each app) and `y` (the second). */
let x: Exchange;
let y: Exchange;
let keys: Record<string, string>;
let operator: FaultContext['operator'];

const log = (line: string) => process.stdout.write(`[cluster] ${line}\n`);

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cx-cluster-'));
  const ports = await freePorts(6);
  cluster = await startLocalCluster({
    dataDir,
    size: 3,
    ports: [0, 1, 2].map((i) => ({ port: ports[2 * i], controllerPort: ports[2 * i + 1] })),
    fresh: true,
    log,
  });
  process.env.KAFKA_BROKERS = cluster.brokers.join(',');
  Object.assign(process.env, saslEnv(cluster.credential));
  db = await createTestDatabase();
  x = await Exchange.start(db, APPS, {
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    CX_TOPIC_REPLICATION: '3',
    CX_RATE_LIMIT: '100000',
  });
  x.supervise = true;
  y = await x.twin(APPS);
  keys = await registerCorridor(x);
  const issued = await call(
    x,
    'POST',
    `/v1/admin/participants/${TEMPLATE.sender}/kafka-credential`,
    x.adminToken,
  );
  if (issued.status !== 201)
    throw new Error(`Kafka credential: ${issued.status} ${JSON.stringify(issued.body)}`);
  operator = {
    sasl: { mechanism: 'scram-sha-512', username: TEMPLATE.sender, password: issued.body.password as string },
    topic: `${x.topicPrefix}.inbound.${TEMPLATE.sender}`,
  };
}, 300_000);

afterAll(async () => {
  await y?.stop();
  await x?.stop();
  await db?.drop();
  await cluster?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

afterEach(() => {
  // What the pipeline apps warned about: failed batches and claims, recoveries, restarts.
  for (const [set, instances] of [
    ['', x],
    ['-2', y],
  ] as const) {
    for (const app of ['validator', 'router', 'notifier'] as const) {
      const lines = (instances.logs.get(app) ?? []).filter((l) => /WARN|ERROR|exit/i.test(l));
      if (lines.length) log(`${app}${set}: ${lines.length} warnings; last: ${lines.slice(-3).join(' | ')}`);
    }
  }
});

const context = (): FaultContext => ({
  x,
  instances: () => [x, y],
  template: TEMPLATE,
  key: keys[TEMPLATE.sender],
  operator,
  recipients: RECIPIENTS,
  log,
  load: { gateways: [x.gatewayUrl, y.gatewayUrl] },
});

async function killNode(nodeId: number) {
  await cluster.stopNode(nodeId, 'SIGKILL');
  log(`broker ${nodeId} killed; restarting it in ${BROKER_DOWN_MS / 1000} s`);
  await sleep(BROKER_DOWN_MS);
  await cluster.startNode(nodeId);
  log(`broker ${nodeId} restarted`);
}

async function leaderOfValidated(): Promise<number> {
  const admin = testKafka('cx-cluster-probe').admin();
  await admin.connect();
  try {
    const topic = `${x.topicPrefix}.validated`;
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    const partition = topics[0].partitions.find((p) => p.partitionId === 0)!;
    expect(partition.replicas).toHaveLength(3);
    return partition.leader;
  } finally {
    await admin.disconnect();
  }
}

describe('the cluster fault suite (three brokers, two of each app)', () => {
  it(
    'loses and duplicates nothing when one broker is killed with SIGKILL and restarted',
    async () => {
      expectNothingLost(await underLoad(context(), 'broker', () => killNode(3)));
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'loses and duplicates nothing when the leader of cx.validated is killed',
    async () => {
      expectNothingLost(
        await underLoad(context(), 'leader', async () => {
          const leader = await leaderOfValidated();
          log(`cx.validated partition 0 is led by broker ${leader}`);
          await killNode(leader);
        }),
      );
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'loses and duplicates nothing when one instance of each app is killed, the other going on',
    async () => {
      expectNothingLost(
        await underLoad(context(), 'apps', async () => {
          for (const app of APPS) await x.kill(app, 'SIGKILL');
          log(`one instance of each app killed (${APPS.join(', ')}); restarting them in 5 s`);
          await sleep(5_000);
          for (const app of APPS) x.spawn(app);
        }),
      );
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'posts every delivery of a webhook once, in order, when a notifier is killed while posting',
    async () => {
      const target = await WebhookTarget.start();
      try {
        // One consignment of the load per subscription keeps the posts within what two notifiers do here.
        const watched = { 'AZ-CUSTOMS': 'FAULT-NOTIFIER-HTTP-0-0', 'KZ-CUSTOMS': 'FAULT-NOTIFIER-KAFKA-0-0' };
        for (const [participant, consignmentRef] of Object.entries(watched)) {
          const res = await call(x, 'POST', '/v1/subscriptions', keys[participant], {
            url: target.url,
            secret: `a-webhook-secret-of-${participant}`,
            consignmentRef,
          });
          if (res.status !== 201) throw new Error(`subscribing: ${res.status} ${JSON.stringify(res.body)}`);
        }
        const result = await underLoad(context(), 'notifier', async () => {
          for (const instances of [x, y]) {
            const posted = target.received.length;
            await waitFor(() => target.received.length > posted + 5, { timeoutMs: 60_000, what: 'posts' });
            await instances.kill('notifier', 'SIGKILL');
            log(
              `a notifier killed while posting (${target.received.length} posts so far); restarting it in 2 s`,
            );
            await sleep(2_000);
            instances.spawn('notifier');
          }
        });
        const posts = () =>
          target.received.map((r) => {
            const envelope = JSON.parse(r.body) as { id: string; consignmentRef: string };
            return { id: envelope.id, ref: envelope.consignmentRef };
          });
        for (const [participant, ref] of Object.entries(watched)) {
          const acked = new Map([[ref, result.load.acked.get(ref) ?? []]]);
          await waitFor(() => auditSequence(participant, posts(), acked).lost === 0, {
            timeoutMs: 180_000,
            what: `the webhook to take every message of ${ref}`,
          });
          const a = auditSequence(`${participant} (webhook)`, posts(), acked);
          log(
            `  ${a.recipient}: posted ${a.delivered}, duplicated ${a.duplicated}, lost ${a.lost}, ` +
              `out of order ${a.outOfOrder.length}`,
          );
          expect({ lost: a.lost, outOfOrder: a.outOfOrder }).toEqual({ lost: 0, outOfOrder: [] });
          // A post the endpoint received just before its notifier died is posted again by the next holder of the
          // lease (the notifier could not record the answer): at most one per kill, never by two notifiers at once.
          expect(a.duplicated).toBeLessThanOrEqual(2);
        }
        expectNothingLost(result);
      } finally {
        await target.close();
      }
    },
    CASE_TIMEOUT_MS,
  );
});
