/**
 * What signatures cost on the hot path (`npm run bench:signing`): the router signs one receipt per message, the
 * gateway and the validator verify one sender's JWS per signed message, the router appends one chain entry per
 * routed message and ack.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { JWK } from 'jose';
import { extendChain } from '../libs/evidence/src/chain';
import { ExchangeKeyring, newExchangeKey } from '../libs/evidence/src/exchange-keys';
import { signDetached, verifyDetached } from '../libs/evidence/src/jws';
import { importPublic, readPublicJwk } from '../libs/evidence/src/participant-key';
import { signReceipt } from '../libs/evidence/src/receipt';

const N = 5000;

async function time(what: string, op: (i: number) => Promise<unknown> | unknown): Promise<void> {
  for (let i = 0; i < 200; i++) await op(i);
  const start = process.hrtime.bigint();
  for (let i = 0; i < N; i++) await op(i);
  const us = Number(process.hrtime.bigint() - start) / 1000 / N;
  process.stdout.write(`${what}: ${us.toFixed(1)} µs each (${Math.round(1e6 / us)}/s on one core)\n`);
}

async function main(): Promise<void> {
  const keyring = new ExchangeKeyring([await newExchangeKey(new Date())]);
  const claims = {
    messageId: '290c60c5-ab33-4cf6-b8be-22b82f06b972',
    contentHash: 'a'.repeat(64),
    sender: 'KZ-FORWARDER-KTZE',
    receivedAt: new Date().toISOString(),
    recipients: ['AZ-CUSTOMS', 'GE-CUSTOMS', 'KZ-CUSTOMS', 'KZ-PORT-AKTAU', 'AZ-PORT-BAKU', 'KZ-RAIL-KTZ'],
    outcome: 'accepted' as const,
    signedAt: new Date().toISOString(),
  };
  await time('receipt signed (Ed25519, RFC 8785 claims)', () => signReceipt(keyring, claims));
  const envelope = Buffer.from(JSON.stringify({ payload: 'x'.repeat(2000) }));
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const read = await readPublicJwk(publicKey.export({ format: 'jwk' }) as JWK);
  if ('error' in read) throw new Error(read.error);
  const jws = await signDetached(envelope, privateKey, { alg: 'EdDSA', kid: read.kid });
  const key = (await importPublic(read.jwk, read.alg))!;
  await time("sender's JWS verified (2 KB envelope, key imported)", () =>
    verifyDetached(jws, envelope, key, 'EdDSA'),
  );
  await time("sender's JWS verified (2 KB envelope, key imported each time)", async () =>
    verifyDetached(jws, envelope, (await importPublic(read.jwk, read.alg))!, 'EdDSA'),
  );
  const body = {
    ...claims,
    consignmentRef: 'KTZE-1',
    type: 'consignment.note',
    recordedAt: claims.signedAt,
    jws: null,
  };
  await time('chain entry computed', (i) => extendChain({ seq: i, hash: 'b'.repeat(64) }, [body]));
}

void main();
