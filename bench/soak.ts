/**
 * `npm run soak -- --minutes=N --rate=R`: drives the exchange at a steady R msg/s (default 250) for N minutes
 * (default 3) after a warm-up (--warmup=S seconds, default 30), half through `POST /v1/messages/batch` and half
 * produced to `cx.inbound`, with one participant kept up on its event stream and another polling its inbox. Every
 * few seconds (--sample=S, default 5) it samples each app's CPU, resident memory and event-loop lag, the gateway's
 * answer time and the delivery latency both readers see; at the end it prints each series' trend (first window
 * against last, growth an hour) against the goal of under 5 % an hour, checks that every message was accepted and
 * reached its reader, and writes the samples under bench/results/. SQLite by default; PostgreSQL with DATABASE_URL.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { topicNames } from '../libs/config/src/kafka-names';
import { saslEnv } from '../libs/config/src/kafka-security';
import { startLocalBroker } from '../scripts/kafka/local-broker';
import { call, Envelope, registerCorridor } from '../test/support/corridor';
import { createTestDatabase } from '../test/support/database';
import { AppName, Exchange } from '../test/support/exchange';
import { OnMessage, PollingReader, StreamReader } from './soak/inbox-readers';
import { Sampler } from './soak/sampler';
import { trendTable } from './soak/trend-table';
import { workload } from './workload';

const arg = (name: string, fallback: number) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const MINUTES = arg('minutes', 3);
const RATE = arg('rate', 250);
const SAMPLE_SECONDS = arg('sample', 5);
/** Load runs from the start, sampling from the end of the warm-up: JIT, caches and heaps settle first. */
const WARMUP_SECONDS = arg('warmup', 30);
const APPS: AppName[] = ['validator', 'router', 'gateway', 'dashboard', 'notifier'];
/** Senders of the workload's notes and status events: each reads its own acks, one by stream, one by polling. */
const STREAM_READER = 'AZ-CARRIER-ASCO';
const POLLING_READER = 'KZ-PORT-AKTAU';
const TICK_MS = 100;
/**
 * --heap-snapshots: each app writes a heap snapshot into bench/results/heap/ halfway through the warm-up and at the end
 * of the run, to compare in Chrome's DevTools. A snapshot pauses its app for seconds and can leave its RSS raised:
 * give the warm-up time to absorb it (--warmup=120), and do not compare the run's RSS with a run without it.
 */
const HEAP_SNAPSHOTS = process.argv.includes('--heap-snapshots');
const HEAP_DIR = path.resolve('bench', 'results', 'heap');

async function main(): Promise<void> {
  const dataDir = path.resolve('.cx', 'soak');
  fs.rmSync(dataDir, { recursive: true, force: true });
  console.log(
    `Soak: ${RATE} msg/s for ${MINUTES} min; starting a local broker, the database and the exchange…`,
  );
  const broker = await startLocalBroker({
    dataDir,
    port: 29192,
    controllerPort: 29193,
    fresh: true,
    log: () => undefined,
  });
  process.env.KAFKA_BROKERS = broker.brokers.join(',');
  Object.assign(process.env, saslEnv(broker.credential));
  const db = await createTestDatabase();
  if (HEAP_SNAPSHOTS) fs.mkdirSync(HEAP_DIR, { recursive: true });
  const x = await Exchange.start(
    db,
    APPS,
    { CX_RATE_LIMIT: '1000000', CX_LOG_LEVEL: 'error' },
    HEAP_SNAPSHOTS ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${HEAP_DIR}`] : [],
  );
  const snapshot = () => {
    if (HEAP_SNAPSHOTS) for (const app of APPS) process.kill(x.pid(app), 'SIGUSR2');
  };
  const kafka = new Kafka({ brokers: broker.brokers, sasl: broker.credential, logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  const sampler = new Sampler(x, APPS);
  const sentAt = new Map<string, number>();
  const unacked = new Set<string>();
  let refused = 0;
  let sent = 0;
  const onMessage =
    (kind: string): OnMessage =>
    (m, at) => {
      const id = m.type === 'ack' ? m.payload?.ackFor : m.id;
      const sent = id === undefined ? undefined : sentAt.get(id);
      if (sent !== undefined) sampler.observe(kind, at - sent);
      if (m.type === 'ack' && id !== undefined) unacked.delete(id);
    };
  let stream: StreamReader | undefined;
  let polling: PollingReader | undefined;
  try {
    const keys = await registerCorridor(x);
    await producer.connect();
    stream = new StreamReader(
      `${x.gatewayUrl}/v1/inbox/stream`,
      keys[STREAM_READER],
      onMessage('SSE latency'),
    );
    polling = new PollingReader(x.gatewayUrl, keys[POLLING_READER], onMessage('polling latency'));
    const inbound = topicNames(x.topicPrefix).inbound;
    const send = async (tick: number, messages: Envelope[]) => {
      const now = Date.now();
      sent += messages.length;
      for (const m of messages) {
        sentAt.set(m.id, now);
        unacked.add(m.id);
      }
      if (tick % 2 === 1) {
        await producer.send({
          topic: inbound,
          acks: -1,
          messages: messages.map((m) => ({ key: m.consignmentRef, value: JSON.stringify(m) })),
        });
        return;
      }
      for (const sender of new Set(messages.map((m) => m.sender))) {
        const started = Date.now();
        const res = await call(
          x,
          'POST',
          '/v1/messages/batch',
          keys[sender],
          messages.filter((m) => m.sender === sender),
        );
        sampler.observe('answer', Date.now() - started);
        const results = (res.body.results ?? []) as Array<{ status: string }>;
        if (res.status !== 200) refused += messages.length;
        else refused += results.filter((r) => r.status !== 'accepted').length;
      }
    };
    const perTick = Math.max(1, Math.round((RATE * TICK_MS) / 1000));
    const start = Date.now();
    const end = start + WARMUP_SECONDS * 1000 + MINUTES * 60_000;
    const inFlight = new Set<Promise<void>>();
    let nextSample = start + WARMUP_SECONDS * 1000;
    let snapshotAt = HEAP_SNAPSHOTS ? start + (WARMUP_SECONDS * 1000) / 2 : Infinity;
    let sampling = false;
    for (let tick = 0; Date.now() < end; tick++) {
      const due = start + tick * TICK_MS;
      if (due > Date.now()) await sleep(due - Date.now());
      const p = send(tick, workload(perTick, `soak-${tick}`)).catch((err: unknown) => {
        refused += perTick;
        console.warn(`  send failed: ${(err as Error).message}`);
      });
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
      if (Date.now() >= snapshotAt) {
        snapshotAt = Infinity;
        snapshot();
      }
      if (Date.now() >= nextSample) {
        nextSample += SAMPLE_SECONDS * 1000;
        if (!sampling) console.log(`  warm-up over: sampling every ${SAMPLE_SECONDS} s`);
        sampling = true;
        await sampler.sample({
          'database MB': databaseMb(db.dataDir),
          'messages not yet acked': unacked.size,
        });
        forgetOlderThan(sentAt, unacked, Date.now() - 120_000);
        const minute = ((Date.now() - start) / 60_000).toFixed(1);
        console.log(`  ${minute} min: ${sent} sent, ${unacked.size} not yet acked to their reader`);
      }
    }
    await Promise.all(inFlight);
    snapshot();
    // Writing a snapshot of every app at once on two cores takes a while; stopping them first would cut it short.
    if (HEAP_SNAPSHOTS) await sleep(45_000);
    const deadline = Date.now() + 60_000;
    while (unacked.size > 0 && Date.now() < deadline) await sleep(200);
    const table = trendTable(sampler.series);
    console.log(`
Soak: ${sent} messages at ${RATE} msg/s offered, sampled over ${MINUTES} min after a ${WARMUP_SECONDS} s warm-up (${db.url ? 'PostgreSQL' : 'SQLite'}), half HTTP, half cx.inbound
  refused or failed: ${refused}; acks that never reached their reader (${STREAM_READER} by SSE, ${POLLING_READER} by polling): ${unacked.size}
  readers: ${stream.events} events on the stream, ${polling.events} items polled
${table.text}
  verdict: ${table.growing.length === 0 && refused === 0 && unacked.size === 0 ? 'PASS' : 'MISS'} (every series under 5 % growth an hour, all accepted, all delivered)${table.growing.length ? `; growing: ${table.growing.join(', ')}` : ''}`);
    const dir = path.resolve('bench', 'results');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `soak-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    fs.writeFileSync(
      file,
      JSON.stringify({
        minutes: MINUTES,
        rate: RATE,
        refused,
        undelivered: unacked.size,
        series: Object.fromEntries(sampler.series),
      }),
    );
    console.log(`  samples written to ${path.relative(process.cwd(), file)}`);
  } catch (err) {
    for (const app of APPS) console.error(`--- ${app} (last lines)\n${x.tail(app, 15)}`);
    throw err;
  } finally {
    stream?.close();
    await polling?.close();
    await producer.disconnect();
    await x.stop();
    await db.drop();
    await broker.stop();
  }
}

/** Drops the send times of acked messages sent before `before`: a long soak must not grow the bench itself. */
function forgetOlderThan(sentAt: Map<string, number>, unacked: Set<string>, before: number): void {
  for (const [id, at] of sentAt) {
    if (at >= before) return;
    if (!unacked.has(id)) sentAt.delete(id);
  }
}

/** Size of the SQLite database files (none on PostgreSQL). */
function databaseMb(dir: string): number {
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.includes('.sqlite')) : [];
  return files.reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0) / 2 ** 20;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
