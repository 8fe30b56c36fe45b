import * as http from 'node:http';
import type { AppName, Exchange } from '../test/support/exchange';

/**
 * GET on a connection of its own: a kept-alive socket scraped every 5 s races the server's 5 s keep-alive timeout
 * (and an app paused by a heap snapshot closes its idle sockets when it resumes), which fails the scrape.
 */
function getText(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve(text));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

/** An app's /metrics, read once: `sum(name, label)` adds a metric's series (those carrying `label`, if given). */
export async function metricsOf(
  x: Exchange,
  app: AppName,
): Promise<(name: string, label?: string) => number> {
  const text = await getText(`http://127.0.0.1:${x.portOf(app)}/metrics`);
  const samples = [...text.matchAll(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:{([^}]*)})? (\S+)$/gm)].map((m) => ({
    name: m[1],
    labels: m[2] ?? '',
    value: Number(m[3]),
  }));
  return (name, label = '') =>
    samples.filter((s) => s.name === name && s.labels.includes(label)).reduce((t, s) => t + s.value, 0);
}

/** Heap (total) and external memory of an app now. */
export async function heapOf(x: Exchange, app: AppName): Promise<string> {
  const sum = await metricsOf(x, app);
  const mb = (name: string) => Math.round(sum(name) / 2 ** 20);
  return `${mb('cx_nodejs_heap_size_total_bytes')}+${mb('cx_nodejs_external_memory_bytes')} MB`;
}

export interface Batches {
  count: number;
  recordsIn: number;
  recordsOut: number;
  line: string;
}

/** A pipeline app's batches: how many, their mean size, and mean time in the handler and in the transaction. */
export async function batchesOf(x: Exchange, app: AppName): Promise<Batches> {
  const sum = await metricsOf(x, app);
  const n = sum('cx_pipeline_batches_total');
  const per = (name: string) => Math.round(sum(name) / n);
  const msPer = (stage: string) =>
    Math.round((sum('cx_pipeline_batch_seconds_sum', `stage="${stage}"`) / n) * 1000);
  return {
    count: n,
    recordsIn: sum('cx_pipeline_records_in_total'),
    recordsOut: sum('cx_pipeline_records_out_total'),
    line:
      `${app}: ${n} batches, ${per('cx_pipeline_records_in_total')} records in and ` +
      `${per('cx_pipeline_records_out_total')} out a batch, ${msPer('handle')} ms in the handler and ` +
      `${msPer('transaction')} ms in the transaction a batch, ${sum('cx_pipeline_batch_failures_total')} failed`,
  };
}
