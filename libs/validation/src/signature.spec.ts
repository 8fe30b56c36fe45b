import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import { type ParticipantKey, readPublicJwk, signDetached } from '@cx/evidence';
import { signatureViolation, type SignedSubmission } from './signature';

const RAW = Buffer.from('{"id":"m1","type":"customs.declaration","sender":"KZ-FORWARDER-KTZE"}');
const REQUIRED = new Set(['customs.declaration', 'customs.decision']);

async function key(participantId: string, revokedAt: string | null = null) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const read = await readPublicJwk(publicKey.export({ format: 'jwk' }) as JWK);
  if ('error' in read) throw new Error(read.error);
  const record: ParticipantKey = { ...read, participantId, createdAt: '2026-11-27T00:00:00.000Z', revokedAt };
  return { record, privateKey };
}

const sign = (raw: Buffer, k: { record: ParticipantKey; privateKey: KeyObject }) =>
  signDetached(raw, k.privateKey, { alg: 'EdDSA', kid: k.record.kid });

describe('signatureViolation', () => {
  let own: Awaited<ReturnType<typeof key>>;
  let revoked: Awaited<ReturnType<typeof key>>;
  let foreign: Awaited<ReturnType<typeof key>>;
  let keys: Map<string, ParticipantKey>;

  beforeAll(async () => {
    own = await key('KZ-FORWARDER-KTZE');
    revoked = await key('KZ-FORWARDER-KTZE', '2026-11-27T10:00:00.000Z');
    foreign = await key('AZ-CARRIER-ASCO');
    keys = new Map([own, revoked, foreign].map((k) => [k.record.kid, k.record]));
  });

  const submission = (jws: string | undefined, type = 'customs.declaration'): SignedSubmission => ({
    type,
    sender: 'KZ-FORWARDER-KTZE',
    raw: RAW,
    receivedAt: '2026-11-27T11:00:00.000Z',
    jws,
  });

  const cases: Array<[string, () => Promise<SignedSubmission>, string | undefined]> = [
    ['signed by the sender’s key', async () => submission(await sign(RAW, own)), undefined],
    [
      'unsigned, of a type that needs no signature',
      async () => submission(undefined, 'transport.status'),
      undefined,
    ],
    ['unsigned, of a type that must be signed', async () => submission(undefined), 'signature.required'],
    [
      'signed with another participant’s key',
      async () => submission(await sign(RAW, foreign)),
      'signature.key',
    ],
    [
      'signed with a key revoked before reception',
      async () => submission(await sign(RAW, revoked)),
      'signature.key',
    ],
    [
      'signed with an unknown key',
      async () => submission(await sign(RAW, { ...own, record: { ...own.record, kid: 'nope' } })),
      'signature.key',
    ],
    ['not a JWS at all', async () => submission('garbage'), 'signature.key'],
    [
      'signed over other bytes',
      async () => submission(await sign(Buffer.from(`${RAW.toString()} `), own)),
      'signature.invalid',
    ],
    [
      'a signature with its payload attached',
      async () => submission((await sign(RAW, own)).replace('..', '.e30.')),
      'signature.invalid',
    ],
  ];

  it.each(cases)('%s', async (_what, make, rule) => {
    const violation = await signatureViolation(await make(), keys, REQUIRED);
    expect(violation?.rule).toBe(rule);
    if (violation) expect(violation.path).toBe('');
  });
});
