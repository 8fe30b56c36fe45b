import { createHash, generateKeyPairSync } from 'node:crypto';
import type { JWK } from 'jose';
import { BUNDLE_FORMAT, chainForBundle, type EvidenceBundle } from './bundle';
import { type ChainEntryBody, entryHashOf, extendChain, GENESIS_HASH } from './chain';
import { ExchangeKeyring, newExchangeKey, rotated } from './exchange-keys';
import { signDetached } from './jws';
import { type ParticipantKey, readPublicJwk } from './participant-key';
import { signHead, signReceipt } from './receipt';
import { verifyBundle } from './verify-bundle';

const REF = 'KTZE-2026-000001';
const T0 = '2026-11-27T10:00:00.000Z';

async function participantKey(participantId: string, createdAt = T0) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const read = await readPublicJwk(publicKey.export({ format: 'jwk' }) as JWK);
  if ('error' in read) throw new Error(read.error);
  const key: ParticipantKey = { ...read, participantId, createdAt, revokedAt: null };
  return { key, privateKey };
}

function envelope(id: string, consignmentRef = REF) {
  return JSON.stringify({ id, type: 'customs.declaration', sender: 'KZ-FORWARDER', consignmentRef });
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** A bundle of two messages of REF (the first signed) around one of another consignment. */
async function fixture() {
  const keyring = new ExchangeKeyring([await newExchangeKey(new Date(T0))]);
  const { key, privateKey } = await participantKey('KZ-FORWARDER');
  const first = envelope('m1');
  const jws = await signDetached(Buffer.from(first), privateKey, { alg: 'EdDSA', kid: key.kid });
  const body = (id: string, raw: string, signature: string | null, ref = REF): ChainEntryBody => ({
    messageId: id,
    consignmentRef: ref,
    type: 'customs.declaration',
    sender: 'KZ-FORWARDER',
    recipients: ['GE-CUSTOMS'],
    contentHash: sha(raw),
    receivedAt: '2026-11-27T10:01:00.000Z',
    recordedAt: '2026-11-27T10:01:00.100Z',
    jws: signature,
  });
  const other = envelope('x1', 'OTHER-1');
  const second = envelope('m2');
  const chain = extendChain(undefined, [
    body('m1', first, jws),
    body('x1', other, null, 'OTHER-1'),
    body('m2', second, null),
  ]);
  const receipt = await signReceipt(keyring, {
    messageId: 'm1',
    contentHash: sha(first),
    sender: 'KZ-FORWARDER',
    receivedAt: '2026-11-27T10:01:00.000Z',
    recipients: ['GE-CUSTOMS'],
    outcome: 'accepted',
    signedAt: '2026-11-27T10:01:00.100Z',
  });
  const last = chain.at(-1)!;
  const bundle: EvidenceBundle = {
    format: BUNDLE_FORMAT,
    consignmentRef: REF,
    generatedAt: '2026-11-27T11:00:00.000Z',
    messages: [
      { id: 'm1', envelope: first, jws, receipt },
      { id: 'm2', envelope: second, jws: null, receipt: null },
    ],
    participantKeys: [key],
    chain: chainForBundle(chain, REF),
    // The router signed entry 2 soon after m1; m2 came later, under a head signed when the bundle was made.
    heads: [
      await signHead(keyring, { seq: 2, hash: chain[1].hash, signedAt: '2026-11-27T10:01:05.000Z' }),
      await signHead(keyring, { seq: last.seq, hash: last.hash, signedAt: '2026-11-27T11:00:00.000Z' }),
    ],
    exchangeKeys: keyring.jwks(),
  };
  return { bundle, keyring, key };
}

const failures = async (b: EvidenceBundle, jwks = b.exchangeKeys) =>
  (await verifyBundle(b, jwks)).filter((f) => !f.ok).map((f) => `${f.subject}: ${f.detail}`);

describe('verifyBundle', () => {
  it('verifies an intact bundle: head, links, hashes, the sender’s signature and the receipt', async () => {
    const { bundle } = await fixture();
    const findings = await verifyBundle(bundle);
    expect(findings.filter((f) => !f.ok)).toEqual([]);
    expect(findings.map((f) => f.subject)).toEqual([
      'signed head of entry 2',
      'signed head of entry 3',
      'entries 1 to 3',
      'entry 1 (customs.declaration m1 from KZ-FORWARDER)',
      'entry 3 (customs.declaration m2 from KZ-FORWARDER)',
    ]);
    expect(findings[3].detail).toContain("sender's signature");
    expect(findings[3].detail).toContain("exchange's receipt");
    expect(bundle.chain[1].body).toBeUndefined();
    expect(bundle.chain[0].prevHash).toBe(GENESIS_HASH);
  });

  const cases: Array<[string, (b: EvidenceBundle) => void, RegExp]> = [
    [
      'an edited message',
      (b) => (b.messages[1].envelope = b.messages[1].envelope.replace('KZ-FORWARDER', 'KZ-FORWARDEX')),
      /^entry 3 .*bytes differ/,
    ],
    ['a deleted message', (b) => b.messages.splice(1, 1), /^entry 3 .*missing from the bundle/],
    [
      'a signed message edited',
      (b) => (b.messages[0].envelope = b.messages[0].envelope.replace('m1"', 'm1" ')),
      /^entry 1 .*bytes differ/,
    ],
    ['a deleted chain entry', (b) => b.chain.splice(1, 1), /^entries 1 to 1: no signed head vouches/],
    [
      'an edited entry body',
      (b) => (b.chain[0].body!.recipients = ['TR-CUSTOMS']),
      /^entry 1: its body was altered/,
    ],
    [
      'a message added outside the chain',
      (b) => b.messages.push({ id: 'm9', envelope: envelope('m9'), jws: null, receipt: null }),
      /^message m9: is in no entry/,
    ],
    [
      'a forged sender signature',
      (b) => (b.messages[0].jws = b.chain[0].body!.jws = `${b.messages[0].jws!}A`),
      /^entry 1|^chain|^entry 2/,
    ],
    ['a head that signs another entry', (b) => b.chain.pop(), /^signed head: signs entry 3/],
    ['a segment no head closes', (b) => b.heads.pop(), /^entries 1 to 3: no signed head vouches/],
  ];
  it.each(cases)('names what broke: %s', async (_what, tamper, expected) => {
    const { bundle } = await fixture();
    tamper(bundle);
    const broken = await failures(bundle);
    expect(broken.length).toBeGreaterThan(0);
    expect(broken.some((line) => expected.test(line))).toBe(true);
  });

  it('tells a body pruned under the retention policy from a message deleted from the record', async () => {
    const { bundle } = await fixture();
    Object.assign(bundle.messages[1], { envelope: '', pruned: true });
    expect(await failures(bundle)).toEqual([
      expect.stringMatching(
        /^entry 3 .*: body pruned under the retention policy: the entry records SHA-256 /,
      ),
    ]);
  });

  it('catches a chain rewritten consistently and re-signed on demand, by the head signed soon after the facts', async () => {
    const { bundle, keyring } = await fixture();
    const [, second, third] = bundle.chain;
    second.bodyHash = sha('another message');
    second.hash = entryHashOf(second);
    third.prevHash = second.hash;
    third.hash = entryHashOf(third);
    bundle.heads[1] = await signHead(keyring, {
      seq: 3,
      hash: third.hash,
      signedAt: '2026-11-27T11:00:00.000Z',
    });
    expect(await failures(bundle)).toEqual([expect.stringMatching(/^signed head: signs entry 2/)]);
  });

  it('verifies segments apart: the entries between them are not needed', async () => {
    const { bundle, keyring } = await fixture();
    // m2 lies long after m1: the bundle holds entry 1 under a head of 1, and entry 3 under its own head.
    const [first, , third] = bundle.chain;
    const apart: EvidenceBundle = {
      ...bundle,
      chain: [first, third],
      heads: [
        await signHead(keyring, { seq: 1, hash: first.hash, signedAt: '2026-11-27T10:01:05.000Z' }),
        await signHead(keyring, { seq: 3, hash: third.hash, signedAt: '2026-11-27T11:00:00.000Z' }),
      ],
    };
    expect(await failures(apart)).toEqual([]);
    expect((await verifyBundle(apart)).map((f) => f.subject)).toEqual(
      expect.arrayContaining(['entries 1 to 1', 'entries 3 to 3']),
    );
  });

  it('refuses a head signed by a key not in the trusted JWKS', async () => {
    const { bundle } = await fixture();
    const stranger = new ExchangeKeyring([await newExchangeKey(new Date(T0))]);
    expect((await failures(bundle, stranger.jwks()))[0]).toMatch(/^signed head: no exchange key/);
  });

  it('keeps an old bundle verifiable after the exchange rotated its key', async () => {
    const { bundle, keyring } = await fixture();
    const records = (keyring as unknown as { records: Parameters<typeof rotated>[0] }).records;
    const after = new ExchangeKeyring(await rotated(records, new Date('2026-11-28T00:00:00.000Z'), 0));
    expect(after.current.kid).not.toBe(keyring.current.kid);
    expect(after.jwks().keys).toHaveLength(2);
    expect(await failures(bundle, after.jwks())).toEqual([]);
  });

  it('keeps a message verifiable after its sender revoked the key, not one received after', async () => {
    const { bundle } = await fixture();
    bundle.participantKeys[0].revokedAt = '2026-11-27T10:30:00.000Z';
    expect(await failures(bundle)).toEqual([]);
    bundle.participantKeys[0].revokedAt = '2026-11-27T10:00:30.000Z';
    expect((await failures(bundle))[0]).toMatch(/^entry 1 .*was not valid at/);
  });

  it('refuses a key swapped for another under the same kid', async () => {
    const { bundle } = await fixture();
    const { key } = await participantKey('KZ-FORWARDER');
    bundle.participantKeys[0].jwk = key.jwk;
    expect((await failures(bundle))[0]).toMatch(/is not the key its id names/);
  });
});

describe('chainForBundle for a participant', () => {
  it('shows a party only the entries of messages it sent or received; the rest keep their hashes and still verify', async () => {
    const { bundle } = await fixture();
    const bodies = (viewer?: string) =>
      chainForBundle(bundle.chain, REF, viewer).map((e) => e.body?.messageId ?? null);
    expect(bodies()).toEqual(['m1', null, 'm2']);
    expect(bodies('GE-CUSTOMS')).toEqual(['m1', null, 'm2']);
    expect(bodies('KZ-FORWARDER')).toEqual(['m1', null, 'm2']);
    // A party of the consignment that is not a recipient of the declarations learns nothing of them.
    expect(bodies('KZ-RAIL-KTZ')).toEqual([null, null, null]);
    const stranger = { ...bundle, messages: [], chain: chainForBundle(bundle.chain, REF, 'KZ-RAIL-KTZ') };
    expect(await failures(stranger)).toEqual([]);
  });
});
