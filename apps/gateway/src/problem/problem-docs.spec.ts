import * as fs from 'node:fs';
import * as path from 'node:path';
import { problems } from './problem';

const ROOT = path.resolve(__dirname, '../../../..');
const doc = fs.readFileSync(path.join(ROOT, 'docs/errors.md'), 'utf8');
const documented = new Set(
  [...doc.matchAll(/^\| `([a-z<>-]+)` \| (\d{3}|any other 4xx) \|/gm)].map((m) => m[1]),
);

/** Every `new ProblemException(<status>, '<kind>'` written in the gateway's sources. */
function kindsInSources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const at = path.join(dir, e.name);
    if (e.isDirectory()) return kindsInSources(at);
    if (!e.name.endsWith('.ts') || e.name.endsWith('.spec.ts')) return [];
    return [...fs.readFileSync(at, 'utf8').matchAll(/new ProblemException\(\s*\w+,\s*'([a-z-]+)'/g)].map(
      (m) => m[1],
    );
  });
}

describe('docs/errors.md', () => {
  it('documents every problem type the API answers with', () => {
    const made = Object.values(problems).map(
      (factory) => (factory as (...a: unknown[]) => { kind: string })('x', []).kind,
    );
    const kinds = new Set([...made, ...kindsInSources(path.join(ROOT, 'apps'))]);
    expect(kinds.size).toBeGreaterThan(10);
    expect([...kinds].filter((k) => !documented.has(k)).sort()).toEqual([]);
    expect(documented.has('http-<status>')).toBe(true);
  });
});
