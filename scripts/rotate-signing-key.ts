/**
 * Rotates the exchange's signing key: `npm run signing-key:rotate`. A new key signs from now on; the current one stays
 * valid for an hour more (the running apps use it until they restart: restart them within the hour) and is listed in
 * /.well-known/jwks.json for good, so everything it signed stays verifiable.
 */
import { loadSettings } from '../libs/config/src/settings';
import { readKeyFile, rotated, writeKeyFile } from '../libs/evidence/src/exchange-keys';

async function main(): Promise<void> {
  const file = loadSettings().signing.keysFile;
  const next = await rotated(readKeyFile(file), new Date());
  writeKeyFile(file, next);
  process.stdout.write(`${file}: new key ${next.at(-1)!.kid}; restart the apps within the hour\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
