/**
 * `npm run bench:profile [-- <dir>]`: the top self-time functions and sources of each app, from the CPU profiles a
 * `npm run bench -- --profile` run wrote (bench/results/profiles by default). The bench records which process was
 * which app in `apps.json` there; it prints this summary itself at the end of a profiled run, too.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CpuProfile, summarize } from './profile-summary';

export const PROFILE_DIR = path.resolve('bench', 'results', 'profiles');

/** `CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile` → pid. */
const pidOf = (file: string) => file.split('.')[3];

export function profileReport(dir = PROFILE_DIR, top = 12): string {
  const apps = JSON.parse(fs.readFileSync(path.join(dir, 'apps.json'), 'utf8')) as Record<string, string>;
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  const lines: string[] = [];
  for (const file of files) {
    const app = apps[pidOf(file)] ?? `pid ${pidOf(file)}`;
    const profile = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;
    const s = summarize(profile, top);
    lines.push(`${app}: ${s.busyMs} ms busy (${file})`, '  by source:');
    for (const f of s.sources)
      lines.push(`    ${String(f.percent).padStart(5)} %  ${String(f.ms).padStart(6)} ms  ${f.name}`);
    lines.push('  by function (self time):');
    for (const f of s.functions)
      lines.push(`    ${String(f.percent).padStart(5)} %  ${String(f.ms).padStart(6)} ms  ${f.name}`);
  }
  const text = lines.join('\n');
  fs.writeFileSync(path.join(dir, 'summary.txt'), text + '\n');
  return text;
}

if (require.main === module) {
  console.log(profileReport(process.argv[2] ? path.resolve(process.argv[2]) : PROFILE_DIR));
  console.log(
    `(written to ${path.relative(process.cwd(), path.join(process.argv[2] ?? PROFILE_DIR, 'summary.txt'))})`,
  );
}
