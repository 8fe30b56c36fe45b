import { call } from '../test/support/corridor';
import type { Exchange } from '../test/support/exchange';
import { DeliveryCounter } from './delivery-counter';
import { percentile } from './stats';
import { workload } from './workload';

export interface Latency {
  /** How long the gateway took to answer a batch (202 after Kafka's acknowledgment). */
  answerP50: number;
  answerP99: number;
  offeredPerSecond: number;
  count: number;
  p50: number;
  p95: number;
  p99: number;
}

/** Latency at a fixed offered load: a batch every 10 ms through HTTP; submission to last delivery. */
export async function latencyAt(
  x: Exchange,
  keys: Record<string, string>,
  counter: DeliveryCounter,
  offered: number,
  seconds: number,
  tag: string,
): Promise<Latency> {
  console.log(`latency at ${offered} msg/s offered for ${seconds} s…`);
  const latencies: number[] = [];
  const answers: number[] = [];
  const perTick = Math.max(1, Math.round(offered / 100));
  const ticks = seconds * 100;
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
      const mine = chunk.filter((m) => m.sender === sender);
      posts.push(postBatch(x, keys[sender], mine).then(() => answers.push(Date.now() - postedAt)));
    }
  }
  await Promise.all(posts);
  await counter.waitForAcks([...sentAt.keys()]);
  for (const [id, at] of sentAt) latencies.push(counter.lastDeliveryAt(id) - at);
  return {
    answerP50: percentile(answers, 50),
    answerP99: percentile(answers, 99),
    offeredPerSecond: perTick * 100,
    count: latencies.length,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
  };
}

/**
 * Posts a batch; one that got no answer because the connection failed (reset, or not accepted within undici's 10 s:
 * seen over capacity with hundreds of requests open, and with the apps under the profiler) is posted again, at most
 * twice. Harmless: the same ids with the same content are accepted once.
 */
const RETRIED = new Set(['ECONNRESET', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);

async function postBatch(x: Exchange, key: string, batch: unknown[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await call(x, 'POST', '/v1/messages/batch', key, batch);
      return;
    } catch (err) {
      const code = ((err as Error).cause as { code?: string } | undefined)?.code;
      if (attempt >= 3 || !RETRIED.has(code ?? '')) throw err;
    }
  }
}

export const latencyLine = (l: Latency) =>
  `latency at ${l.offeredPerSecond} msg/s offered (HTTP, submission → last delivery, ${l.count} messages): ` +
  `p50 ${l.p50} ms, p95 ${l.p95} ms, p99 ${l.p99} ms; the gateway answered in p50 ${l.answerP50} ms, p99 ${l.answerP99} ms`;
