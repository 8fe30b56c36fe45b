import * as fs from 'node:fs';

export interface ProcessUsage {
  cpuSeconds: number;
  peakRssMb: number;
}

const TICKS_PER_SECOND = 100;

/** CPU time so far and peak resident memory (VmHWM) of a process, from /proc (Linux). */
export async function processUsage(pid: number): Promise<ProcessUsage> {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { cpuSeconds, peakRssMb: Math.round(Number(hwm?.[1] ?? 0) / 1024) };
}

/** A process's cost in each throughput phase: CPU ms a message in (a) and in (b), and its peak resident memory. */
export interface ProcessCost {
  httpMs: number;
  kafkaMs: number;
  peakRssMb: number;
}

/**
 * Costs by process from usage taken before (a), between (a) and (b), and after (b) (`usage[phase][process]`), for
 * `messages[0]` and `messages[1]` messages.
 */
export function costsOf(
  names: string[],
  usage: [ProcessUsage[], ProcessUsage[], ProcessUsage[]],
  messages: [number, number],
): Record<string, ProcessCost> {
  const ms = (i: number, phase: 0 | 1) =>
    +(((usage[phase + 1][i].cpuSeconds - usage[phase][i].cpuSeconds) / messages[phase]) * 1000).toFixed(3);
  return Object.fromEntries(
    names.map((name, i) => [name, { httpMs: ms(i, 0), kafkaMs: ms(i, 1), peakRssMb: usage[2][i].peakRssMb }]),
  );
}

/** Resident memory of a process now (VmRSS), in MB. */
export function residentMb(pid: number): number {
  const rss = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Math.round(Number(rss?.[1] ?? 0) / 1024);
}
