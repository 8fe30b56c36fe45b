/**
 * `npm run bench`: end-to-end throughput and latency of the exchange against the real local broker, beside two
 * baselines measured in the same run: raw kafkajs (one record a message, no transaction) and the fan-out baseline
 * (the same records through the same kind of transactional stages, with no processing: bench/fanout/). Prints each
 * figure, the ratios, what a message costs (CPU per process, records, bytes) and issue 18's goals with PASS or MISS,
 * and writes JSON under bench/results/. Options: --messages=N (per throughput phase, default 20000), --rate=N
 * (offered load of the first latency phase, default 1000/s), --seconds=N (latency phase length, default 10),
 * --profile (CPU profiles of the apps, summarised at the end), --node-args="…", --json, --cluster (a local three-node
 * cluster, replication 3, min ISR 2, instead of the single broker; node 1's data and CPU stand for "the broker"),
 * --kill-node-after-ms=N (with --cluster: SIGKILL node 3 N ms into phase (a)), --twins (two validators and two
 * routers; the CPU figures are the first instances'), --client-spike (the fan-out baseline a second time on node-rdkafka).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { topicNames } from '../libs/config/src/kafka-names';
import { saslEnv } from '../libs/config/src/kafka-security';
import { startLocalCluster } from '../scripts/kafka/cluster';
import { layoutAt, layoutOf } from '../scripts/kafka/layout';
import { startLocalBroker } from '../scripts/kafka/local-broker';
import { registerCorridor } from '../test/support/corridor';
import { createTestDatabase } from '../test/support/database';
import { AppName, Exchange } from '../test/support/exchange';
import { batchesOf, heapOf } from './app-metrics';
import { logBytes } from './broker-bytes';
import { DeliveryCounter } from './delivery-counter';
import { fanOutBaseline, FanOutResult, routesSeen, StageClient } from './fanout/baseline';
import { latencyAt } from './latency';
import { sendHttp, sendKafka } from './load';
import { report } from './pipeline-report';
import { costsOf, processUsage } from './process-usage';
import { PROFILE_DIR, profileReport } from './profile';
import { rawBaseline } from './raw-baseline';
import { workload } from './workload';

const arg = (name: string, fallback: number) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const MESSAGES = arg('messages', 20_000);
const RATE = arg('rate', 1000);
const SECONDS = arg('seconds', 10);
const PROFILE = process.argv.includes('--profile');
/** `--node-args="…"`: extra flags for every app (e.g. heap settings), to compare in one command. */
const NODE_ARGS = (process.argv.find((a) => a.startsWith('--node-args='))?.slice('--node-args='.length) ?? '')
  .split(' ')
  .filter(Boolean);
const APPS: AppName[] = ['gateway', 'validator', 'router', 'dashboard'];

const CLUSTER = process.argv.includes('--cluster');
/** `--twins`: a second validator and a second router beside the first (their own transactional ids). */
const TWINS = process.argv.includes('--twins');
const KILL_NODE_AFTER_MS = arg('kill-node-after-ms', 0);
/** `--client-spike`: the fan-out baseline again with node-rdkafka stages (`npm run bench:spike:install` first). */
const CLIENT_SPIKE = process.argv.includes('--client-spike');

/** The single broker, or a three-node cluster whose node 1 stands for "the broker" in the CPU and bytes figures. */
async function startKafka(dataDir: string) {
  if (!CLUSTER) {
    const b = await startLocalBroker({
      dataDir,
      port: 29092,
      controllerPort: 29093,
      fresh: true,
      log: () => undefined,
    });
    return { ...b, dataDirs: layoutOf(dataDir).dataDirs, killOne: undefined };
  }
  const c = await startLocalCluster({
    dataDir,
    nodes: 3,
    port: 29192,
    controllerPort: 29292,
    fresh: true,
    log: () => undefined,
  });
  const node1 = layoutAt(path.join(dataDir, 'kafka-cluster', 'node-1')).dataDirs;
  return { ...c, pid: c.nodes[0].pid, dataDirs: node1, killOne: () => c.nodes[2].stop('SIGKILL') };
}

const rate = (count: number, ms: number) => Math.round((count / ms) * 1000);

async function main(): Promise<void> {
  const dataDir = path.resolve('.cx', 'bench');
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (PROFILE) fs.rmSync(PROFILE_DIR, { recursive: true, force: true });
  console.log('Starting a local broker, the database and the exchange…');
  const broker = await startKafka(dataDir);
  const dataDirs = broker.dataDirs;
  process.env.KAFKA_BROKERS = broker.brokers.join(',');
  Object.assign(process.env, saslEnv(broker.credential));
  console.log(`  broker ready on ${broker.brokers.join(',')}`);
  const db = await createTestDatabase();
  const database = db.url ? 'PostgreSQL' : 'SQLite';
  const replication = CLUSTER ? { CX_TOPIC_REPLICATION: '3', CX_TOPIC_MIN_INSYNC: '2' } : {};
  const x = await Exchange.start(
    db,
    APPS,
    { CX_RATE_LIMIT: '1000000', CX_LOG_LEVEL: 'error', ...replication },
    [...NODE_ARGS, ...(PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [])],
  );
  if (TWINS) for (const app of ['validator', 'router'] as const) await x.spawnSecond(app);
  // The apps write their profiles there when they stop; which process was which app is known only now.
  if (PROFILE) fs.mkdirSync(PROFILE_DIR, { recursive: true });
  if (PROFILE)
    fs.writeFileSync(
      path.join(PROFILE_DIR, 'apps.json'),
      JSON.stringify(Object.fromEntries(APPS.map((a) => [x.pid(a), a]))),
    );
  const kafka = new Kafka({ brokers: broker.brokers, sasl: broker.credential, logLevel: logLevel.NOTHING });
  const topics = topicNames(x.topicPrefix);
  let counter: DeliveryCounter | undefined;
  try {
    console.log('  exchange ready; registering the corridor participants');
    const keys = await registerCorridor(x);
    // Subscribed after registration: the delivery topics exist from then on.
    counter = await DeliveryCounter.open(
      broker.brokers,
      broker.credential,
      Object.keys(keys).map((id) => topics.deliver(id)),
    );
    // Besides the apps: the broker and this process (load and delivery counter) share the same cores.
    const observed = { 'kafka (JVM)': broker.pid, 'bench itself': process.pid };
    const pids = [...APPS.map((a) => x.pid(a)), ...Object.values(observed)];
    const usage = () => Promise.all(pids.map((pid) => processUsage(pid)));
    const usage0 = await usage();

    console.log(`(a) ${MESSAGES} messages through POST /v1/messages/batch…`);
    const httpMessages = workload(MESSAGES, 'http');
    const httpStart = Date.now();
    if (broker.killOne && KILL_NODE_AFTER_MS > 0) {
      setTimeout(() => {
        console.log(`  SIGKILL of Kafka node 3 at ${Date.now() - httpStart} ms`);
        void broker.killOne?.();
      }, KILL_NODE_AFTER_MS);
    }
    await sendHttp(x, keys, httpMessages);
    await counter.waitForAcks(httpMessages.map((m) => m.id));
    const httpMs = Date.now() - httpStart;
    const [usage1, bytes1, delivered1] = [
      await usage(),
      logBytes(dataDirs, `${x.topicPrefix}.`),
      counter.bytes,
    ];
    const fanOut = counter.deliveries / counter.acks;

    console.log(`(b) ${MESSAGES} messages produced to cx.inbound…`);
    const kafkaMessages = workload(MESSAGES, 'kafka');
    const kafkaStart = Date.now();
    await sendKafka(kafka, topics.inbound, kafkaMessages);
    await counter.waitForAcks(kafkaMessages.map((m) => m.id));
    const kafkaMs = Date.now() - kafkaStart;
    const [usage2, bytes2] = [await usage(), logBytes(dataDirs, `${x.topicPrefix}.`)];
    const processes = costsOf(
      [...APPS, ...Object.keys(observed)],
      [usage0, usage1, usage2],
      [MESSAGES, MESSAGES],
    );
    const router = await batchesOf(x, 'router');

    const latency = await latencyAt(x, keys, counter, RATE, SECONDS, 'latency');
    // And at half the HTTP throughput just measured: the latency of a pipeline that keeps up, not of its queue.
    const httpRate = rate(MESSAGES, httpMs);
    const half = Math.max(100, Math.round(httpRate / 200) * 100);
    const withinCapacity = await latencyAt(x, keys, counter, half, SECONDS, 'latency-half');

    for (const app of ['validator', 'router'] as const) console.log(`  ${(await batchesOf(x, app)).line}`);
    const heaps = await Promise.all(APPS.map((a) => heapOf(x, a)));
    console.log(
      `  V8 heap and external memory at the end: ${APPS.map((a, i) => `${a} ${heaps[i]}`).join(', ')}`,
    );

    console.log('raw baseline: kafkajs produce → consume…');
    const rawBaselineRate = await rawBaseline(
      kafka,
      httpMessages.map((m) => JSON.stringify(m)),
    );
    console.log('fan-out baseline: the same records through transactional stages, no processing…');
    const routes = routesSeen(counter, topics.deliverPrefix);
    // The same records, routes and observed processes for the kafkajs stages and, with --client-spike, rdkafka's.
    const fanOutOf = (tag: string, client: StageClient) =>
      fanOutBaseline({
        brokers: broker.brokers,
        sasl: broker.credential,
        participants: Object.keys(keys),
        routes,
        http: workload(MESSAGES, `${tag}-http`),
        kafka: workload(MESSAGES, `${tag}-kafka`),
        observe: observed,
        dataDirs,
        client,
      });
    const baseline = await fanOutOf('fanout', 'kafkajs');
    let clientSpike: FanOutResult | undefined;
    if (CLIENT_SPIKE) {
      console.log('client spike: the fan-out baseline again, its stages on node-rdkafka…');
      clientSpike = await fanOutOf('spike', 'rdkafka');
    }
    const routerOut = router.recordsOut / router.recordsIn;
    report({
      messages: MESSAGES,
      database,
      fanOut: +fanOut.toFixed(2),
      httpRate,
      kafkaRate: rate(MESSAGES, kafkaMs),
      rawBaselineRate,
      fanOutBaseline: baseline,
      clientSpike,
      latency,
      latencyWithinCapacity: withinCapacity,
      recordsPerMessage: { http: +(1 + routerOut).toFixed(2), kafka: +(2 + routerOut).toFixed(2) },
      bytesPerMessage: {
        http: Math.round(bytes1 / MESSAGES),
        kafka: Math.round((bytes2 - bytes1) / MESSAGES),
      },
      deliveredBytesPerMessage: Math.round(delivered1 / MESSAGES),
      processes,
    });
  } catch (err) {
    for (const app of APPS) console.error(`--- ${app} (last lines)\n${x.tail(app, 15)}`);
    throw err;
  } finally {
    await counter?.close();
    await x.stop();
    await db.drop();
    await broker.stop();
  }
  if (PROFILE) console.log(`\nCPU profiles (bench/results/profiles):\n${profileReport()}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
