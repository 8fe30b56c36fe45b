/**
 * `npm run bench:participants -- --participants=2000 --messages=N`: the cost of a large corridor. Measures, with the
 * corridor's own participants and again after registering generated ones up to N (each with its delivery and
 * inbound topics, ACLs and Kafka credential): how long each app takes to start (spawn to a ready /health), its
 * resident memory after start and at peak, and the throughput of (a) HTTP and (b) cx.inbound. The generated
 * participants are forwarders at Istanbul, on no route of the workload, so the work per message is the same.
 * Goals (issue 18 part 5): every app starts in under 30 s, throughput within 20 %.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel } from 'kafkajs';
import { topicNames } from '../libs/config/src/kafka-names';
import { saslEnv } from '../libs/config/src/kafka-security';
import { startLocalBroker } from '../scripts/kafka/local-broker';
import { call, registerCorridor } from '../test/support/corridor';
import { createTestDatabase } from '../test/support/database';
import { AppName, Exchange } from '../test/support/exchange';
import { DeliveryCounter } from './delivery-counter';
import { Goal, goalLines } from './goals';
import { sendHttp, sendKafka } from './load';
import { processUsage, residentMb } from './process-usage';
import { workload } from './workload';

const arg = (name: string, fallback: number) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const PARTICIPANTS = arg('participants', 2000);
const MESSAGES = arg('messages', 5000);
const APPS: AppName[] = ['validator', 'router', 'gateway', 'dashboard', 'notifier'];
const START_TIMEOUT_MS = 300_000;

interface Measure {
  participants: number;
  startSeconds: Record<string, number>;
  rssAfterStartMb: Record<string, number>;
  peakRssMb: Record<string, number>;
  httpRate: number;
  kafkaRate: number;
}

/** Restarts one app and times it from spawn to its /health answering 200 (its consumer groups stable). */
async function timedStart(x: Exchange, app: AppName): Promise<number> {
  await x.kill(app, 'SIGTERM');
  const start = Date.now();
  x.spawn(app);
  while (Date.now() - start < START_TIMEOUT_MS) {
    const res = await fetch(`http://127.0.0.1:${x.portOf(app)}/health`).catch(() => undefined);
    if (res?.status === 200) return +((Date.now() - start) / 1000).toFixed(1);
    await sleep(100);
  }
  throw new Error(`${app} not ready after ${START_TIMEOUT_MS / 1000} s:\n${x.tail(app)}`);
}

async function measure(
  x: Exchange,
  kafka: Kafka,
  keys: Record<string, string>,
  counter: DeliveryCounter,
  participants: number,
): Promise<Measure> {
  console.log(`with ${participants} participants: restarting each app…`);
  const startSeconds: Record<string, number> = {};
  for (const app of APPS) startSeconds[app] = await timedStart(x, app);
  await x.waitReady(START_TIMEOUT_MS);
  const rssAfterStartMb = Object.fromEntries(APPS.map((a) => [a, residentMb(x.pid(a))]));
  console.log(
    `  started (${APPS.map((a) => `${a} ${startSeconds[a]} s`).join(', ')}); ${MESSAGES} messages each way…`,
  );
  const timed = async (send: () => Promise<void>, ids: string[]) => {
    const start = Date.now();
    await send();
    await counter.waitForAcks(ids);
    return Math.round((ids.length / (Date.now() - start)) * 1000);
  };
  const http = workload(MESSAGES, `http-${participants}`);
  const httpRate = await timed(
    () => sendHttp(x, keys, http),
    http.map((m) => m.id),
  );
  const viaKafka = workload(MESSAGES, `kafka-${participants}`);
  const inbound = topicNames(x.topicPrefix).inbound;
  const kafkaRate = await timed(
    () => sendKafka(kafka, inbound, viaKafka),
    viaKafka.map((m) => m.id),
  );
  const peak = await Promise.all(APPS.map((a) => processUsage(x.pid(a))));
  return {
    participants,
    startSeconds,
    rssAfterStartMb,
    peakRssMb: Object.fromEntries(APPS.map((a, i) => [a, peak[i].peakRssMb])),
    httpRate,
    kafkaRate,
  };
}

/** Registers generated participants (eight requests at a time) until the corridor has `total`. */
async function registerMore(x: Exchange, from: number, total: number): Promise<number> {
  const started = Date.now();
  let next = from;
  let unavailable = 0;
  const worker = async () => {
    for (let i = next++; i < total; i = next++) {
      const id = `TR-FWD-BENCH${String(i).padStart(5, '0')}`;
      const body = {
        id,
        name: `Bench forwarder ${i}`,
        role: 'forwarder',
        country: 'TR',
        locations: ['TRIST'],
      };
      // A broker too busy to serve the new topics answers 503: retried as a client should, after Retry-After.
      let res = await call(x, 'POST', '/v1/admin/participants', x.adminToken, body);
      for (let attempt = 1; res.status === 503 && attempt <= 20; attempt++) {
        unavailable++;
        await sleep(Number(res.retryAfter ?? 5) * 1000);
        res = await call(x, 'POST', '/v1/admin/participants', x.adminToken, body);
      }
      if (res.status !== 201) throw new Error(`registering ${id}: ${res.status} ${JSON.stringify(res.body)}`);
      if (i % 200 === 0) console.log(`  ${i} participants, ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  if (unavailable > 0) console.log(`  ${unavailable} registrations answered 503 and were retried`);
  return (Date.now() - started) / 1000;
}

async function main(): Promise<void> {
  const dataDir = path.resolve('.cx', 'participants');
  fs.rmSync(dataDir, { recursive: true, force: true });
  console.log('Starting a local broker, the database and the exchange…');
  const broker = await startLocalBroker({
    dataDir,
    port: 29292,
    controllerPort: 29293,
    fresh: true,
    log: () => undefined,
  });
  process.env.KAFKA_BROKERS = broker.brokers.join(',');
  Object.assign(process.env, saslEnv(broker.credential));
  const db = await createTestDatabase();
  const x = await Exchange.start(db, APPS, { CX_RATE_LIMIT: '1000000', CX_LOG_LEVEL: 'error' });
  const kafka = new Kafka({ brokers: broker.brokers, sasl: broker.credential, logLevel: logLevel.NOTHING });
  let counter: DeliveryCounter | undefined;
  try {
    const keys = await registerCorridor(x);
    const topics = topicNames(x.topicPrefix);
    counter = await DeliveryCounter.open(
      broker.brokers,
      broker.credential,
      Object.keys(keys).map(topics.deliver),
    );
    const small = await measure(x, kafka, keys, counter, Object.keys(keys).length);
    console.log(`registering participants up to ${PARTICIPANTS}…`);
    const registerSeconds = await registerMore(x, Object.keys(keys).length, PARTICIPANTS);
    const brokerRss = residentMb(broker.pid);
    const large = await measure(x, kafka, keys, counter, PARTICIPANTS);
    report(small, large, registerSeconds, brokerRss, residentMb(broker.pid));
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

function report(
  small: Measure,
  large: Measure,
  registerSeconds: number,
  brokerRss: number,
  brokerRssEnd: number,
) {
  const row = (what: string, f: (m: Measure) => number | string) =>
    `  ${what.padEnd(40)} ${String(f(small)).padStart(10)} ${String(f(large)).padStart(10)}`;
  const ratio = (f: (m: Measure) => number) => +(f(large) / f(small)).toFixed(2);
  const goals: Goal[] = [
    ...APPS.map((a): Goal => ({
      what: `${a} start`,
      figure: large.startSeconds[a],
      unit: 's',
      bound: 'max',
      target: 30,
    })),
    {
      what: '(a) throughput against the small corridor',
      figure: ratio((m) => m.httpRate),
      unit: '',
      bound: 'min',
      target: 0.8,
    },
    {
      what: '(b) throughput against the small corridor',
      figure: ratio((m) => m.kafkaRate),
      unit: '',
      bound: 'min',
      target: 0.8,
    },
  ];
  console.log(`
Corridor size (${MESSAGES} messages each way; registering ${large.participants - small.participants} participants took ${registerSeconds.toFixed(0)} s; broker RSS ${brokerRss} MB after, ${brokerRssEnd} MB at the end)
  ${'participants'.padEnd(40)} ${String(small.participants).padStart(10)} ${String(large.participants).padStart(10)}
${APPS.map((a) => row(`${a} start (s)`, (m) => m.startSeconds[a])).join('\n')}
${APPS.map((a) => row(`${a} RSS after start / peak (MB)`, (m) => `${m.rssAfterStartMb[a]}/${m.peakRssMb[a]}`)).join('\n')}
${row('(a) HTTP batch → delivered (msg/s)', (m) => m.httpRate)}
${row('(b) cx.inbound → delivered (msg/s)', (m) => m.kafkaRate)}
  goals (issue 18 part 5):
    ${goalLines(goals).join('\n    ')}`);
  const dir = path.resolve('bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `participants-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, JSON.stringify({ small, large, registerSeconds, brokerRss, goals }, null, 2));
  console.log(`  written to ${path.relative(process.cwd(), file)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
