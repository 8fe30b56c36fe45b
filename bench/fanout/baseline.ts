/**
 * The fan-out baseline: the ceiling of this design on this machine. The same records as the pipeline, through the
 * same kind of transactional stages (bench/fanout/stage.ts, each its own process), with no validation, routing,
 * signing or database: (a) validated records produced to a topic the fan-out stage reads, as the gateway writes
 * them; (b) envelopes produced to an entry topic a relay stage copies to that topic, as the validator does.
 */
import { fork, ChildProcess } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { Kafka, logLevel, Partitioners, Producer } from 'kafkajs';
import type { BrokerCredential } from '../../scripts/kafka/credentials';
import { PIPELINE_HEADERS } from '../../libs/kafka/src/pipeline-headers';
import { ensureTopics } from '../../libs/kafka/src/topics';
import type { Envelope } from '../../test/support/corridor';
import { DeliveryCounter } from '../delivery-counter';
import { costsOf, ProcessCost, processUsage } from '../process-usage';
import { logBytes } from '../broker-bytes';
import { Route, StageConfig } from './stage-config';

export interface FanOutResult {
  httpRate: number;
  kafkaRate: number;
  /** The stages, and the other processes asked for (the broker, the load), in each phase. */
  processes: Record<string, ProcessCost>;
  /** Bytes in the broker's log segments per message in each phase. */
  bytesPerMessage: { http: number; kafka: number };
}

const BATCH = 500;

/** The Kafka client of the stages: kafkajs (the exchange's), or node-rdkafka for the client spike (issue 18). */
export type StageClient = 'kafkajs' | 'rdkafka';

function startStage(config: StageConfig, client: StageClient): Promise<ChildProcess> {
  const script = client === 'kafkajs' ? 'stage.ts' : 'rdkafka-stage.ts';
  const child = fork(path.join(__dirname, script), [], {
    execArgv: ['-r', '@swc-node/register'],
    env: { ...process.env, BENCH_STAGE: JSON.stringify(config) },
    silent: true,
  });
  // kafkajs' retried errors (a leader not elected yet on a topic made a moment ago) are noise here; the stage's own
  // lines (a failed transaction) are not.
  child.stdout?.resume();
  child.stderr?.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n'))
      if (line.startsWith('bench ')) console.log(`    ${line}`);
  });
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`baseline stage ${config.kind} exited (${code})`)));
  });
}

async function produce(producer: Producer, topic: string, messages: Envelope[], validated: boolean) {
  for (let i = 0; i < messages.length; i += BATCH) {
    await producer.send({
      topic,
      acks: -1,
      messages: messages.slice(i, i + BATCH).map((m) => {
        const value = JSON.stringify(m);
        const headers = validated
          ? {
              [PIPELINE_HEADERS.receivedAt]: new Date().toISOString(),
              [PIPELINE_HEADERS.contentHash]: createHash('sha256').update(value).digest('hex'),
              [PIPELINE_HEADERS.origin]: 'http',
            }
          : undefined;
        return { key: m.consignmentRef, value, headers };
      }),
    });
  }
}

export async function fanOutBaseline(opts: {
  brokers: string[];
  sasl: BrokerCredential;
  participants: string[];
  routes: Record<string, Route>;
  http: Envelope[];
  kafka: Envelope[];
  /** Other processes to measure in each phase, by name. */
  observe: Record<string, number>;
  /** The broker's log dirs, to measure the bytes written. */
  dataDirs: string;
  client?: StageClient;
}): Promise<FanOutResult> {
  const client = opts.client ?? 'kafkajs';
  const run = randomUUID().slice(0, 8);
  const prefix = `bench.${run}`;
  const topics = {
    inbound: `${prefix}.inbound`,
    validated: `${prefix}.validated`,
    deliver: `${prefix}.deliver.`,
  };
  const deliver = opts.participants.map((p) => topics.deliver + p);
  const kafka = new Kafka({
    clientId: 'bench-load',
    brokers: opts.brokers,
    sasl: opts.sasl,
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [topics.inbound, topics.validated, ...deliver], {
    partitions: 3,
    replication: 1,
    minInsync: 1,
    entryTopics: [topics.inbound],
  });
  await admin.disconnect();
  const common = { run, brokers: opts.brokers, sasl: opts.sasl, routes: opts.routes };
  const stages = await Promise.all([
    startStage({ ...common, kind: 'relay', from: topics.inbound, to: topics.validated }, client),
    startStage({ ...common, kind: 'fanout', from: topics.validated, to: topics.deliver }, client),
  ]);
  const counter = await DeliveryCounter.open(opts.brokers, opts.sasl, deliver);
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    const pids = { relay: stages[0].pid!, 'fan-out': stages[1].pid!, ...opts.observe };
    const usage = () => Promise.all(Object.values(pids).map((pid) => processUsage(pid)));
    const timed = async (topic: string, messages: Envelope[], validated: boolean) => {
      const start = Date.now();
      await produce(producer, topic, messages, validated);
      await counter.waitForAcks(messages.map((m) => m.id));
      return Math.round((messages.length / (Date.now() - start)) * 1000);
    };
    const usage0 = await usage();
    const httpRate = await timed(topics.validated, opts.http, true);
    const [usage1, bytes1] = [await usage(), logBytes(opts.dataDirs, prefix)];
    const kafkaRate = await timed(topics.inbound, opts.kafka, false);
    const [usage2, bytes2] = [await usage(), logBytes(opts.dataDirs, prefix)];
    return {
      httpRate,
      kafkaRate,
      processes: costsOf(Object.keys(pids), [usage0, usage1, usage2], [opts.http.length, opts.kafka.length]),
      bytesPerMessage: {
        http: Math.round(bytes1 / opts.http.length),
        kafka: Math.round((bytes2 - bytes1) / opts.kafka.length),
      },
    };
  } finally {
    await producer.disconnect();
    await counter.close();
    for (const s of stages) s.kill('SIGTERM');
  }
}

/** The routes the pipeline took, by message type, from what its delivery counter read (topic → participant). */
export function routesSeen(counter: DeliveryCounter, deliverPrefix: string): Record<string, Route> {
  return Object.fromEntries(
    [...counter.seen].map(([type, { topics, receipt }]) => [
      type,
      { recipients: [...topics].map((t) => t.slice(deliverPrefix.length)).sort(), receipt },
    ]),
  );
}
