/** A V8 CPU profile as `node --cpu-prof` writes it (the fields read here). */
export interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
  }>;
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  ms: number;
  /** Of the time not idle. */
  percent: number;
}

export interface ProfileSummary {
  /** Milliseconds sampled outside `(idle)`. */
  busyMs: number;
  functions: SelfTime[];
  /** The same time by where the code lives: a package, one of our libs or apps, node's internals. */
  sources: SelfTime[];
}

/** `node_modules/kafkajs/…` → `kafkajs`, `dist/libs/kafka/…` → `libs/kafka`, `node:internal/…` → `node`. */
export function sourceOf(url: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const ours = /\/dist\/((?:apps|libs)\/[^/]+)/.exec(url) ?? /\/((?:apps|libs)\/[^/]+)\/src\//.exec(url);
  if (ours) return ours[1];
  if (url.startsWith('node:')) return 'node';
  return url === '' ? '(native, GC, program)' : url;
}

const shortUrl = (url: string) => url.replace(/^.*\/(node_modules|dist)\//, '').replace(/^file:\/\//, '');

/** Self time by function and by source: where a process spent its CPU, time spent idle left out. */
export function summarize(profile: CpuProfile, top = 15): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const fns = new Map<string, number>();
  const sources = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id);
    const us = profile.timeDeltas[i] ?? 0;
    if (!frame || frame.functionName === '(idle)' || us <= 0) return;
    busy += us;
    const name = frame.url
      ? `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`
      : frame.functionName;
    fns.set(name, (fns.get(name) ?? 0) + us);
    const source = sourceOf(frame.url);
    sources.set(source, (sources.get(source) ?? 0) + us);
  });
  const ranked = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: Math.round(us / 1000), percent: +((us / busy) * 100).toFixed(1) }));
  return { busyMs: Math.round(busy / 1000), functions: ranked(fns), sources: ranked(sources) };
}
