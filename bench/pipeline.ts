/**
 * `npm run bench`: end-to-end throughput and latency of the exchange against the real local broker, beside a raw
 * kafkajs baseline measured in the same run. Prints each figure and the ratio pipeline/baseline, and writes JSON
 * under bench/results/. Options: --messages=N (per throughput phase, default 20000), --rate=N (offered load of the
 * latency phase, default 1000/s), --seconds=N (latency phase length, default 10), --profile (CPU profiles of
 * the apps), --json (print the result as JSON too), --cluster (a local three-node cluster, replication 3, min ISR 2,
 * instead of the single broker), --kill-node-after-ms=N (with --cluster: SIGKILL node 3 N ms into phase (a)).
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { topicNames } from '../libs/config/src/kafka-names';
import { saslEnv } from '../libs/config/src/kafka-security';
import { startLocalCluster } from '../scripts/kafka/cluster';
import { BrokerCredential, startLocalBroker } from '../scripts/kafka/local-broker';
import { call, registerCorridor } from '../test/support/corridor';
import { createTestDatabase } from '../test/support/database';
import { AppName, Exchange } from '../test/support/exchange';
import { DeliveryCounter } from './delivery-counter';
import { workload } from './workload';
import { processUsage, ProcessUsage } from './process-usage';

const arg = (name: string, fallback: number) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const MESSAGES = arg('messages', 20_000);
const RATE = arg('rate', 1000);
const SECONDS = arg('seconds', 10);
const BATCH = 500;
/** `--profile`: each app writes a V8 CPU profile into bench/results/profiles when it stops. */
const PROFILE_DIR = process.argv.includes('--profile')
  ? path.resolve('bench', 'results', 'profiles')
  : undefined;
/** `--node-args="…"`: extra flags for every app (e.g. heap settings), to compare in one command. */
const NODE_ARGS = (process.argv.find((a) => a.startsWith('--node-args='))?.slice('--node-args='.length) ?? '')
  .split(' ')
  .filter(Boolean);
const APPS: AppName[] = ['gateway', 'validator', 'router', 'dashboard'];
const CLUSTER = process.argv.includes('--cluster');
const KILL_NODE_AFTER_MS = arg('kill-node-after-ms', 0);

/** The single broker, or a three-node cluster whose node 1 stands for "the broker" in the CPU figures. */
async function startKafka(dataDir: string) {
  if (!CLUSTER) {
    const b = await startLocalBroker({
      dataDir,
      port: 29092,
      controllerPort: 29093,
      fresh: true,
      log: () => undefined,
    });
    return { ...b, killOne: undefined };
  }
  const c = await startLocalCluster({
    dataDir,
    nodes: 3,
    port: 29192,
    controllerPort: 29292,
    fresh: true,
    log: () => undefined,
  });
  return { ...c, pid: c.nodes[0].pid, killOne: () => c.nodes[2].stop('SIGKILL') };
}

const rate = (count: number, ms: number) => Math.round((count / ms) * 1000);
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function baseline(brokers: string[], sasl: BrokerCredential, values: string[]): Promise<number> {
  const kafka = new Kafka({ clientId: 'bench-baseline', brokers, sasl, logLevel: logLevel.NOTHING });
  const topic = `bench.baseline.${randomUUID().slice(0, 8)}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  const consumer = kafka.consumer({ groupId: `bench-${randomUUID()}` });
  await Promise.all([producer.connect(), consumer.connect()]);
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  let done!: () => void;
  const all = new Promise<void>((resolve) => (done = resolve));
  await consumer.run({
    eachBatch: async ({ batch }) => void ((seen += batch.messages.length) >= values.length && done()),
  });
  const start = Date.now();
  for (let i = 0; i < values.length; i += BATCH) {
    await producer.send({
      topic,
      acks: -1,
      messages: values.slice(i, i + BATCH).map((value, j) => ({ key: String(i + j), value })),
    });
  }
  await all;
  const ms = Date.now() - start;
  await Promise.all([producer.disconnect(), consumer.disconnect()]);
  return rate(values.length, ms);
}

async function main(): Promise<void> {
  const dataDir = path.resolve('.cx', 'bench');
  fs.rmSync(dataDir, { recursive: true, force: true });
  console.log('Starting a local broker, the database and the exchange…');
  const broker = await startKafka(dataDir);
  process.env.KAFKA_BROKERS = broker.brokers.join(',');
  Object.assign(process.env, saslEnv(broker.credential));
  console.log(`  broker ready on ${broker.brokers.join(',')}`);
  const db = await createTestDatabase();
  const replication = CLUSTER ? { CX_TOPIC_REPLICATION: '3', CX_TOPIC_MIN_INSYNC: '2' } : {};
  const x = await Exchange.start(
    db,
    APPS,
    { CX_RATE_LIMIT: '1000000', CX_LOG_LEVEL: 'error', ...replication },
    [...NODE_ARGS, ...(PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [])],
  );
  let counter: DeliveryCounter | undefined;
  try {
    console.log('  exchange ready; registering the corridor participants');
    const keys = await registerCorridor(x);
    // Subscribed after registration: the delivery topics exist from then on.
    counter = await DeliveryCounter.open(
      broker.brokers,
      broker.credential,
      Object.keys(keys).map((id) => topicNames(x.topicPrefix).deliver(id)),
    );
    // Besides the apps: the broker and this process (load and delivery counter) share the same cores.
    const pids = [...APPS.map((a) => x.pid(a)), broker.pid, process.pid];
    const names = [...APPS, 'kafka (JVM)', 'bench itself'];
    const usageBefore = await Promise.all(pids.map((pid) => processUsage(pid)));

    // (a) HTTP batch endpoint
    console.log(`(a) ${MESSAGES} messages through POST /v1/messages/batch…`);
    const httpMessages = workload(MESSAGES, 'http');
    const httpStart = Date.now();
    if (broker.killOne && KILL_NODE_AFTER_MS > 0) {
      setTimeout(() => {
        console.log(`  SIGKILL of Kafka node 3 at ${Date.now() - httpStart} ms`);
        void broker.killOne?.();
      }, KILL_NODE_AFTER_MS);
    }
    for (let i = 0; i < httpMessages.length; i += BATCH) {
      const chunk = httpMessages.slice(i, i + BATCH);
      const senders = [...new Set(chunk.map((m) => m.sender))];
      for (const sender of senders) {
        const res = await call(
          x,
          'POST',
          '/v1/messages/batch',
          keys[sender],
          chunk.filter((m) => m.sender === sender),
        );
        if (res.status !== 200) throw new Error(`batch answered ${res.status}`);
      }
    }
    await counter.waitForAcks(httpMessages.map((m) => m.id));
    const httpMs = Date.now() - httpStart;
    const fanOut = counter.deliveries / counter.acks;

    // (b) straight to cx.inbound
    console.log(`(b) ${MESSAGES} messages produced to cx.inbound…`);
    const kafkaMessages = workload(MESSAGES, 'kafka');
    const producer = new Kafka({
      brokers: broker.brokers,
      sasl: broker.credential,
      logLevel: logLevel.NOTHING,
    }).producer({
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    const kafkaStart = Date.now();
    for (let i = 0; i < kafkaMessages.length; i += BATCH) {
      await producer.send({
        topic: topicNames(x.topicPrefix).inbound,
        acks: -1,
        messages: kafkaMessages
          .slice(i, i + BATCH)
          .map((m) => ({ key: m.consignmentRef, value: JSON.stringify(m) })),
      });
    }
    await counter.waitForAcks(kafkaMessages.map((m) => m.id));
    const kafkaMs = Date.now() - kafkaStart;

    const brokerAfterThroughput = await processUsage(broker.pid);

    /** Latency at a fixed offered load: a batch every 10 ms through HTTP; submission to last delivery. */
    const latencyAt = async (offered: number, tag: string) => {
      console.log(`latency at ${offered} msg/s offered for ${SECONDS} s…`);
      const latencies: number[] = [];
      const answers: number[] = [];
      const perTick = Math.max(1, Math.round(offered / 100));
      const ticks = SECONDS * 100;
      const messages = workload(perTick * ticks, tag);
      const sentAt = new Map<string, number>();
      const start = Date.now();
      const posts: Promise<unknown>[] = [];
      for (let t = 0; t < ticks && t * perTick < messages.length; t++) {
        const due = start + t * 10;
        if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
        const chunk = messages.slice(t * perTick, (t + 1) * perTick);
        for (const m of chunk) sentAt.set(m.id, Date.now());
        for (const sender of new Set(chunk.map((m) => m.sender))) {
          const postedAt = Date.now();
          posts.push(
            call(
              x,
              'POST',
              '/v1/messages/batch',
              keys[sender],
              chunk.filter((m) => m.sender === sender),
            ).then(() => answers.push(Date.now() - postedAt)),
          );
        }
      }
      await Promise.all(posts);
      await counter!.waitForAcks([...sentAt.keys()]);
      for (const [id, at] of sentAt) latencies.push(counter!.lastDeliveryAt(id) - at);
      latencies.sort((a, b) => a - b);
      answers.sort((a, b) => a - b);
      return {
        answerP50: pct(answers, 50),
        answerP99: pct(answers, 99),
        offeredPerSecond: perTick * 100,
        count: latencies.length,
        p50: pct(latencies, 50),
        p95: pct(latencies, 95),
        p99: pct(latencies, 99),
      };
    };
    const latency = await latencyAt(RATE, 'latency');
    // And at half the HTTP throughput just measured: the latency of a pipeline that keeps up, not of its queue.
    const httpRate = rate(MESSAGES, httpMs);
    const withinCapacity = await latencyAt(Math.max(100, Math.round(httpRate / 200) * 100), 'latency-half');

    const usageAfter = await Promise.all(pids.map((pid) => processUsage(pid)));
    const heaps = await Promise.all(APPS.map((a) => heapOf(x, a)));
    for (const app of ['validator', 'router'] as const) console.log(`  ${await batchesOf(x, app)}`);
    console.log(
      `  V8 heap and external memory at the end: ${APPS.map((a, i) => `${a} ${heaps[i]}`).join(', ')}`,
    );
    console.log('baseline: kafkajs produce → consume…');
    const brokerBeforeBaseline = await processUsage(broker.pid);
    const baselineRate = await baseline(
      broker.brokers,
      broker.credential,
      httpMessages.map((m) => JSON.stringify(m)),
    );
    const brokerAfterBaseline = await processUsage(broker.pid);
    const perMessageMs = (cpuSeconds: number, messages: number) =>
      +((cpuSeconds / messages) * 1000).toFixed(3);
    const brokerCpuPerMessageMs = {
      pipeline: perMessageMs(
        brokerAfterThroughput.cpuSeconds - usageBefore[APPS.length].cpuSeconds,
        2 * MESSAGES,
      ),
      baseline: perMessageMs(brokerAfterBaseline.cpuSeconds - brokerBeforeBaseline.cpuSeconds, MESSAGES),
    };
    report({
      messages: MESSAGES,
      fanOut,
      httpRate,
      kafkaRate: rate(MESSAGES, kafkaMs),
      baselineRate,
      latency,
      latencyWithinCapacity: withinCapacity,
      brokerCpuPerMessageMs,
      apps: Object.fromEntries(names.map((a, i) => [a, usageDelta(usageBefore[i], usageAfter[i])])),
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
}

/** An app's /metrics, read once: `sum(name, label)` adds a metric's series (those carrying `label`, if given). */
async function metricsOf(x: Exchange, app: AppName): Promise<(name: string, label?: string) => number> {
  const text = await (await fetch(`http://127.0.0.1:${x.portOf(app)}/metrics`)).text();
  const samples = [...text.matchAll(/^([a-z_]+)(?:{([^}]*)})? (\S+)$/gm)].map((m) => ({
    name: m[1],
    labels: m[2] ?? '',
    value: Number(m[3]),
  }));
  return (name, label = '') =>
    samples.filter((s) => s.name === name && s.labels.includes(label)).reduce((t, s) => t + s.value, 0);
}

/** Heap (total) and external memory of an app now. */
async function heapOf(x: Exchange, app: AppName): Promise<string> {
  const sum = await metricsOf(x, app);
  const mb = (name: string) => Math.round(sum(name) / 2 ** 20);
  return `${mb('cx_nodejs_heap_size_total_bytes')}+${mb('cx_nodejs_external_memory_bytes')} MB`;
}

/** A pipeline app's batches: how many, their mean size, and mean time in the handler and in the transaction. */
async function batchesOf(x: Exchange, app: AppName): Promise<string> {
  const sum = await metricsOf(x, app);
  const n = sum('cx_pipeline_batches_total');
  const per = (name: string) => Math.round(sum(name) / n);
  const msPer = (stage: string) =>
    Math.round((sum('cx_pipeline_batch_seconds_sum', `stage="${stage}"`) / n) * 1000);
  return (
    `${app}: ${n} batches, ${per('cx_pipeline_records_in_total')} records in and ` +
    `${per('cx_pipeline_records_out_total')} out a batch, ${msPer('handle')} ms in the handler and ` +
    `${msPer('transaction')} ms in the transaction a batch, ${sum('cx_pipeline_batch_failures_total')} failed`
  );
}

function usageDelta(before: ProcessUsage, after: ProcessUsage) {
  return { cpuSeconds: +(after.cpuSeconds - before.cpuSeconds).toFixed(1), peakRssMb: after.peakRssMb };
}

interface Latency {
  /** How long the gateway took to answer a batch (202 after Kafka's acknowledgment). */
  answerP50: number;
  answerP99: number;
  offeredPerSecond: number;
  count: number;
  p50: number;
  p95: number;
  p99: number;
}

const latencyLine = (l: Latency) =>
  `latency at ${l.offeredPerSecond} msg/s offered (HTTP, submission → last delivery, ${l.count} messages): p50 ${l.p50} ms, p95 ${l.p95} ms, p99 ${l.p99} ms; the gateway answered in p50 ${l.answerP50} ms, p99 ${l.answerP99} ms`;

function report(r: {
  messages: number;
  fanOut: number;
  httpRate: number;
  kafkaRate: number;
  baselineRate: number;
  latency: Latency;
  latencyWithinCapacity: Latency;
  brokerCpuPerMessageMs: { pipeline: number; baseline: number };
  apps: Record<string, { cpuSeconds: number; peakRssMb: number }>;
}): void {
  const result = {
    ...r,
    fanOut: +r.fanOut.toFixed(2),
    ratioHttp: +(r.httpRate / r.baselineRate).toFixed(3),
    ratioKafka: +(r.kafkaRate / r.baselineRate).toFixed(3),
    machine: { cpus: require('node:os').cpus().length, node: process.version },
    at: new Date().toISOString(),
  };
  console.log(`
Corridor Exchange benchmark (${r.messages} messages a phase; ${result.fanOut} deliveries per message, ack included)
  (a) HTTP batch → delivered      ${r.httpRate} msg/s   (${Math.round(r.httpRate * r.fanOut)} deliveries/s)   ratio to baseline ${result.ratioHttp}
  (b) Kafka cx.inbound → delivered ${r.kafkaRate} msg/s   (${Math.round(r.kafkaRate * r.fanOut)} deliveries/s)   ratio to baseline ${result.ratioKafka}
  baseline: kafkajs produce → consume, same records, one topic, no processing: ${r.baselineRate} msg/s
  ${latencyLine(r.latency)}
  ${latencyLine(r.latencyWithinCapacity)}
  broker CPU per message: ${r.brokerCpuPerMessageMs.pipeline} ms in the pipeline (throughput phases), ${r.brokerCpuPerMessageMs.baseline} ms in the baseline
  processes (CPU seconds over the pipeline phases, peak resident memory):
${Object.entries(r.apps)
  .map(([a, u]) => `    ${a.padEnd(12)} ${String(u.cpuSeconds).padStart(6)} s   ${u.peakRssMb} MB`)
  .join('\n')}`);
  const dir = path.resolve('bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `pipeline-${result.at.replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, JSON.stringify(result, null, 2));
  if (process.argv.includes('--json')) console.log(JSON.stringify(result));
  console.log(`  written to ${path.relative(process.cwd(), file)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
