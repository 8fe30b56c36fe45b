/**
 * The offline verifier: `npm run verify -- bundle.json [--jwks jwks.json]`. Checks every signature and every link
 * of an evidence bundle (GET /v1/consignments/{ref}/evidence) with nothing but the bundle and the exchange's public
 * keys, prints what holds and what does not, and exits 1 if anything is broken. Without --jwks it trusts the keys
 * the bundle carries; pass the exchange's /.well-known/jwks.json, obtained independently, to check those too.
 */
import * as fs from 'node:fs';
import type { EvidenceBundle } from '../libs/evidence/src/bundle';
import type { Jwks } from '../libs/evidence/src/exchange-keys';
import { type Finding, verifyBundle } from '../libs/evidence/src/verify-bundle';

export async function verifyFiles(bundleFile: string, jwksFile?: string): Promise<Finding[]> {
  const bundle = JSON.parse(fs.readFileSync(bundleFile, 'utf8')) as EvidenceBundle;
  const jwks = jwksFile ? (JSON.parse(fs.readFileSync(jwksFile, 'utf8')) as Jwks) : undefined;
  return verifyBundle(bundle, jwks);
}

async function main(args: string[]): Promise<number> {
  const jwksAt = args.indexOf('--jwks');
  const jwksFile = jwksAt >= 0 ? args[jwksAt + 1] : undefined;
  const bundleFile = args.find((a, i) => !a.startsWith('--') && (jwksAt < 0 || i !== jwksAt + 1));
  if (!bundleFile) {
    process.stderr.write('usage: npm run verify -- bundle.json [--jwks jwks.json]\n');
    return 2;
  }
  const findings = await verifyFiles(bundleFile, jwksFile);
  if (!jwksFile)
    process.stdout.write('note: using the exchange keys the bundle carries (pass --jwks to check them)\n');
  for (const f of findings) process.stdout.write(`${f.ok ? 'ok  ' : 'FAIL'} ${f.subject}: ${f.detail}\n`);
  const broken = findings.filter((f) => !f.ok).length;
  process.stdout.write(
    broken === 0 ? 'verified: every signature and link holds\n' : `${broken} problem(s) found\n`,
  );
  return broken === 0 ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`${String(err)}\n`);
      process.exit(2);
    },
  );
}
