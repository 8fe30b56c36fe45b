import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FanOutResult } from './fanout/baseline';
import { Goal, goalLines } from './goals';
import { Latency, latencyLine } from './latency';
import type { ProcessCost } from './process-usage';

export interface PipelineResult {
  messages: number;
  database: string;
  fanOut: number;
  httpRate: number;
  kafkaRate: number;
  /** Raw kafkajs: one record per message, one topic, no transaction. */
  rawBaselineRate: number;
  fanOutBaseline: FanOutResult;
  /** `--client-spike`: the same fan-out baseline with its stages on node-rdkafka. */
  clientSpike?: FanOutResult;
  latency: Latency;
  latencyWithinCapacity: Latency;
  /** Records written per message (the inbound record in (b), the validated one, the deliveries and the ack). */
  recordsPerMessage: { http: number; kafka: number };
  /** Bytes in the broker's log segments per message (the exchange's topics). */
  bytesPerMessage: { http: number; kafka: number };
  /** Bytes a `read_committed` reader of the delivery topics is sent per message (keys, values, headers). */
  deliveredBytesPerMessage: number;
  processes: Record<string, ProcessCost>;
}

const APPS_WITH_GOALS = ['gateway', 'validator', 'router', 'dashboard'];

/** Issue 18's goals, each with the figure measured for it. */
export function goalsOf(r: PipelineResult): Goal[] {
  const b = r.fanOutBaseline;
  const p = r.processes;
  return [
    {
      what: '(a) ratio to the fan-out baseline',
      figure: +(r.httpRate / b.httpRate).toFixed(2),
      unit: '',
      bound: 'min',
      target: 0.6,
    },
    {
      what: '(b) ratio to the fan-out baseline',
      figure: +(r.kafkaRate / b.kafkaRate).toFixed(2),
      unit: '',
      bound: 'min',
      target: 0.6,
    },
    { what: '(a) HTTP batch → delivered', figure: r.httpRate, unit: 'msg/s', bound: 'min', target: 2000 },
    { what: '(b) cx.inbound → delivered', figure: r.kafkaRate, unit: 'msg/s', bound: 'min', target: 2000 },
    {
      what: 'router CPU a message',
      figure: +((p.router.httpMs + p.router.kafkaMs) / 2).toFixed(3),
      unit: 'ms',
      bound: 'max',
      target: 0.25,
    },
    {
      what: 'gateway CPU a message (batches)',
      figure: p.gateway.httpMs,
      unit: 'ms',
      bound: 'max',
      target: 0.25,
    },
    { what: 'validator CPU a message', figure: p.validator.kafkaMs, unit: 'ms', bound: 'max', target: 0.1 },
    {
      what: `p99 at half capacity (${r.latencyWithinCapacity.offeredPerSecond} msg/s)`,
      figure: r.latencyWithinCapacity.p99,
      unit: 'ms',
      bound: 'max',
      target: 100,
    },
    ...APPS_WITH_GOALS.filter((a) => p[a]).map((a): Goal => ({
      what: `${a} peak resident memory`,
      figure: p[a].peakRssMb,
      unit: 'MB',
      bound: 'max',
      target: 250,
    })),
  ];
}

/** The client spike beside the kafkajs fan-out baseline of the same run: throughput, and CPU a message by stage. */
function clientSpikeLines(kafkajs: FanOutResult, rdkafka: FanOutResult): string {
  const x = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : '–');
  const lines = [
    `  client spike: the fan-out baseline on node-rdkafka (kafkajs → rdkafka, and rdkafka/kafkajs)`,
    `    (a) ${kafkajs.httpRate} → ${rdkafka.httpRate} msg/s (${x(rdkafka.httpRate, kafkajs.httpRate)}), (b) ${kafkajs.kafkaRate} → ${rdkafka.kafkaRate} msg/s (${x(rdkafka.kafkaRate, kafkajs.kafkaRate)})`,
  ];
  for (const [name, k] of Object.entries(kafkajs.processes)) {
    const rd = rdkafka.processes[name];
    if (!rd) continue;
    lines.push(
      `    ${name.padEnd(16)} CPU ms a message (a) ${k.httpMs} → ${rd.httpMs} (${x(rd.httpMs, k.httpMs)}), (b) ${k.kafkaMs} → ${rd.kafkaMs} (${x(rd.kafkaMs, k.kafkaMs)}); peak RSS ${k.peakRssMb} → ${rd.peakRssMb} MB`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export function report(r: PipelineResult): void {
  const b = r.fanOutBaseline;
  const goals = goalsOf(r);
  const result = {
    ...r,
    goals,
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version },
    at: new Date().toISOString(),
  };
  const rows = (processes: Record<string, ProcessCost>) =>
    Object.entries(processes).map(
      ([name, c]) =>
        `    ${name.padEnd(16)} ${String(c.httpMs).padStart(7)} ${String(c.kafkaMs).padStart(7)}   ${c.peakRssMb} MB`,
    );
  console.log(`
Corridor Exchange benchmark (${r.messages} messages a phase, ${r.database}; ${r.fanOut} deliveries per message besides the ack)
  (a) HTTP batch → delivered       ${r.httpRate} msg/s (${Math.round(r.httpRate * r.fanOut)} deliveries/s)   fan-out baseline ${b.httpRate} msg/s   ratio ${goals[0].figure}
  (b) Kafka cx.inbound → delivered ${r.kafkaRate} msg/s (${Math.round(r.kafkaRate * r.fanOut)} deliveries/s)   fan-out baseline ${b.kafkaRate} msg/s   ratio ${goals[1].figure}
  raw kafkajs baseline (one record a message, one topic, no transaction): ${r.rawBaselineRate} msg/s
  ${latencyLine(r.latency)}
  ${latencyLine(r.latencyWithinCapacity)}
  what a message costs:
    records written: (a) ${r.recordsPerMessage.http}, (b) ${r.recordsPerMessage.kafka}
    bytes in the broker's log: (a) ${r.bytesPerMessage.http}, (b) ${r.bytesPerMessage.kafka} (fan-out baseline: ${b.bytesPerMessage.http} and ${b.bytesPerMessage.kafka}); sent to delivery readers: ${r.deliveredBytesPerMessage}
    CPU ms a message and peak resident memory:
    process              (a)     (b)   peak RSS
${rows(r.processes).join('\n')}
    in the fan-out baseline:
${rows(b.processes).join('\n')}
${r.clientSpike ? clientSpikeLines(b, r.clientSpike) : ''}  goals (issue 18):
    ${goalLines(goals).join('\n    ')}`);
  const dir = path.resolve('bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `pipeline-${result.at.replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, JSON.stringify(result, null, 2));
  if (process.argv.includes('--json')) console.log(JSON.stringify(result));
  console.log(`  written to ${path.relative(process.cwd(), file)}`);
}
