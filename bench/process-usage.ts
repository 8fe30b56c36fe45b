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
