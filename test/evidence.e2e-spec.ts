import { execFile } from 'node:child_process';
import { generateKeyPairSync, type KeyObject, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { importJWK, type JWK, type KeyLike } from 'jose';
import { DataSource } from 'typeorm';
import {
  type EvidenceBundle,
  exchangeClaims,
  type Jwks,
  type PublicJwk,
  signDetached,
  verifyBundle,
  verifyDetached,
} from '@cx/evidence';
import { dataSourceOptions, MessageEntity } from '@cx/persistence';
import {
  call,
  corpusMessage,
  deliverTopic,
  Envelope,
  registerCorridor,
  waitUntilRoutable,
} from './support/corridor';
import { createTestDatabase, TestDatabase } from './support/database';
import { EventStreamReader } from './support/event-stream-reader';
import { Exchange } from './support/exchange';
import { TopicReader } from './support/topic-reader';
import { waitFor } from './support/wait';

const DECLARANT = 'KZ-FORWARDER-KTZE';
const CUSTOMS = 'GE-CUSTOMS';
const DECLARATION = 'customs.declaration/valid-transit-aktau-poti';
const NOTE = 'consignment.note/valid-altynkol-aktau-alat-tbilisi-poti';

describe('signed messages, receipts and evidence bundles', () => {
  let db: TestDatabase;
  let x: Exchange;
  let keys: Record<string, string>;
  let reader: TopicReader;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    x = await Exchange.start(db, ['gateway', 'validator', 'router'], {
      CX_SIGNATURE_REQUIRED: 'customs.declaration,customs.decision',
    });
    keys = await registerCorridor(x);
    await waitUntilRoutable(x, keys);
    reader = await TopicReader.open([deliverTopic(x, CUSTOMS), deliverTopic(x, DECLARANT)]);
    ds = await new DataSource(dataSourceOptions(db.database)).initialize();
  });

  afterAll(async () => {
    await ds?.destroy();
    await reader?.close();
    await x?.stop();
    await db?.drop();
  });

  /** A fresh Ed25519 key pair, its public half registered for `participant`. */
  async function registerKey(participant: string): Promise<{ kid: string; privateKey: KeyObject }> {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const res = await call(x, 'POST', '/v1/signing-keys', keys[participant], {
      jwk: publicKey.export({ format: 'jwk' }),
    });
    expect(res.status).toBe(201);
    return { kid: res.body.kid as string, privateKey };
  }

  /** A consignment of the declarant's own, opened by its note (which makes GE-CUSTOMS a party). */
  async function openConsignment(): Promise<string> {
    const note = { ...corpusMessage(NOTE, true), consignmentRef: `EVD-${randomUUID().slice(0, 8)}` };
    expect((await call(x, 'POST', '/v1/messages', keys[DECLARANT], note)).status).toBe(202);
    await reader.waitFor(() => deliveredTo(CUSTOMS, note.id) !== undefined, `delivery of ${note.id}`);
    return note.consignmentRef;
  }

  /** A declaration of consignment `ref`, as the exact bytes it is sent as. */
  function declaration(ref = 'EVD-NONE'): { envelope: Envelope; raw: string } {
    const envelope = { ...corpusMessage(DECLARATION, true), consignmentRef: ref };
    return { envelope, raw: JSON.stringify(envelope, null, 1) };
  }

  const sign = (raw: string, key: { kid: string; privateKey: KeyObject }) =>
    signDetached(Buffer.from(raw), key.privateKey, { alg: 'EdDSA', kid: key.kid });

  async function submit(raw: string, jws?: string) {
    return call(x, 'POST', '/v1/messages', keys[DECLARANT], raw, jws ? { 'x-cx-jws': jws } : {});
  }

  async function evidence(ref: string, token = keys[CUSTOMS]): Promise<EvidenceBundle> {
    const res = await call(x, 'GET', `/v1/consignments/${ref}/evidence`, token);
    expect(res.status).toBe(200);
    return res.body as unknown as EvidenceBundle;
  }

  const deliveredTo = (participant: string, id: string) =>
    reader.records.find((r) => r.topic === deliverTopic(x, participant) && r.headers.ce_id === id);

  async function sendSigned(key: { kid: string; privateKey: KeyObject }, ref: string) {
    const d = declaration(ref);
    const jws = await sign(d.raw, key);
    expect((await submit(d.raw, jws)).status).toBe(202);
    await reader.waitFor(
      () => deliveredTo(CUSTOMS, d.envelope.id) !== undefined,
      `delivery of ${d.envelope.id}`,
    );
    return { ...d, jws };
  }

  it('a declaration signed by the declarant is delivered with both signatures and verifies on the customs side', async () => {
    const key = await registerKey(DECLARANT);
    const sent = await sendSigned(key, await openConsignment());
    const delivery = deliveredTo(CUSTOMS, sent.envelope.id)!;
    // The customs side: the bytes as sent, the declarant's signature over them, the exchange's receipt.
    expect(delivery.value).toBe(sent.raw);
    expect(delivery.headers['cx-jws']).toBe(sent.jws);
    const listed = await call(x, 'GET', '/v1/signing-keys', keys[DECLARANT]);
    const registered = (listed.body as unknown as Array<{ kid: string; jwk: PublicJwk }>).find(
      (k) => k.kid === key.kid,
    )!;
    const publicKey = (await importJWK(registered.jwk as JWK, 'EdDSA')) as KeyLike;
    expect(
      await verifyDetached(delivery.headers['cx-jws'], Buffer.from(delivery.value), publicKey, 'EdDSA'),
    ).toBe(true);
    const jwks = (await fetch(`${x.gatewayUrl}/.well-known/jwks.json`).then((r) => r.json())) as Jwks;
    const receipt = await exchangeClaims(delivery.headers['cx-receipt'], jwks);
    expect(receipt).toMatchObject({
      claims: {
        messageId: sent.envelope.id,
        sender: DECLARANT,
        outcome: 'accepted',
        recipients: expect.arrayContaining([CUSTOMS]),
      },
    });
    // The pull inbox shows both beside the message.
    const inbox = await call(
      x,
      'GET',
      `/v1/inbox?consignmentRef=${sent.envelope.consignmentRef}`,
      keys[CUSTOMS],
    );
    const item = (inbox.body.items as Array<Record<string, unknown>>).find(
      (i) => (i.message as { id: string }).id === sent.envelope.id,
    );
    expect(item).toMatchObject({ jws: sent.jws, receipt: delivery.headers['cx-receipt'] });
    // So does the event stream, in a `signatures` event before the message.
    const stream = await EventStreamReader.open(
      `${x.gatewayUrl}/v1/inbox/stream?consignmentRef=${sent.envelope.consignmentRef}`,
      keys[CUSTOMS],
    );
    try {
      await stream.waitForEvents(2, 'the note and the declaration');
      expect(stream.ids()).toContain(sent.envelope.id);
      expect(stream.signatures).toContainEqual({
        messageId: sent.envelope.id,
        jws: sent.jws,
        receipt: delivery.headers['cx-receipt'],
      });
    } finally {
      stream.close();
    }
    // The declarant's ack carries the same receipt.
    await reader.waitFor(
      () =>
        reader.records.some((r) => r.headers.ce_type === 'ack' && r.json.correlationId === sent.envelope.id),
      'the ack',
    );
    const ack = reader.records.find(
      (r) => r.headers.ce_type === 'ack' && r.json.correlationId === sent.envelope.id,
    )!;
    expect(ack.headers['cx-receipt']).toBe(delivery.headers['cx-receipt']);
    // The evidence bundle verifies offline, with the CLI, against the JWKS fetched apart.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cx-evidence-'));
    fs.writeFileSync(
      path.join(dir, 'bundle.json'),
      JSON.stringify(await evidence(sent.envelope.consignmentRef)),
    );
    fs.writeFileSync(path.join(dir, 'jwks.json'), JSON.stringify(jwks));
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '-r',
        '@swc-node/register',
        'scripts/verify.ts',
        path.join(dir, 'bundle.json'),
        '--jwks',
        path.join(dir, 'jwks.json'),
      ],
      { cwd: path.resolve(__dirname, '..') },
    );
    expect(stdout).toContain(`sender's signature (key ${key.kid})`);
    expect(stdout).toContain('verified: every signature and link holds');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a forged, a foreign, an unknown and a missing signature with 422', async () => {
    const key = await registerKey(DECLARANT);
    const other = await registerKey('AZ-CARRIER-ASCO');
    const d = declaration();
    const forged = await sign(d.raw.replace('"', ' "'), key);
    const rule = async (jws?: string) => {
      const res = await submit(d.raw, jws);
      expect(res.status).toBe(422);
      return (res.body.errors as Array<{ rule: string }>).map((e) => e.rule);
    };
    expect(await rule(forged)).toEqual(['signature.invalid']);
    expect(await rule(await sign(d.raw, other))).toEqual(['signature.key']);
    expect(await rule(await sign(d.raw, { kid: 'no-such-key', privateKey: key.privateKey }))).toEqual([
      'signature.key',
    ]);
    expect(await rule(undefined)).toEqual(['signature.required']);
    expect((await submit(d.raw, await sign(d.raw, key))).status).toBe(202);
  });

  it('names the broken entry after a stored message is edited, and after one is deleted', async () => {
    const key = await registerKey(DECLARANT);
    const ref = await openConsignment();
    const first = await sendSigned(key, ref);
    const second = await sendSigned(key, ref);
    expect((await verifyBundle(await evidence(ref))).filter((f) => !f.ok)).toEqual([]);

    const messages = ds.getRepository(MessageEntity);
    await messages.update(
      { id: first.envelope.id },
      { envelope: first.raw.replace('"KZ-FORWARDER-KTZE"', '"KZ-FORWARDER-KTZX"') },
    );
    let broken = (await verifyBundle(await evidence(ref))).filter((f) => !f.ok);
    expect(broken).toHaveLength(1);
    expect(broken[0].subject).toMatch(
      new RegExp(`^entry \\d+ \\(customs.declaration ${first.envelope.id} from ${DECLARANT}\\)$`),
    );
    expect(broken[0].detail).toMatch(/bytes differ from those recorded/);

    await messages.update({ id: first.envelope.id }, { envelope: first.raw });
    await messages.delete({ id: second.envelope.id });
    broken = (await verifyBundle(await evidence(ref))).filter((f) => !f.ok);
    expect(broken).toHaveLength(1);
    expect(broken[0].subject).toContain(second.envelope.id);
    expect(broken[0].detail).toMatch(/missing from the bundle/);
  });

  it('keeps old bundles verifiable through a key rotation; the revoked key signs nothing new', async () => {
    const oldKey = await registerKey(DECLARANT);
    const ref = await openConsignment();
    const before = await sendSigned(oldKey, ref);
    const newKey = await registerKey(DECLARANT);
    expect((await call(x, 'DELETE', `/v1/signing-keys/${oldKey.kid}`, keys[DECLARANT])).status).toBe(200);
    const after = await sendSigned(newKey, ref);
    const late = declaration(ref);
    const refused = await submit(late.raw, await sign(late.raw, oldKey));
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ rule: 'signature.key' })]);

    const bundle = await evidence(ref, x.adminToken);
    const findings = await verifyBundle(bundle);
    expect(findings.filter((f) => !f.ok)).toEqual([]);
    const signedBy = (id: string) => findings.find((f) => f.subject.includes(id))!.detail;
    expect(signedBy(before.envelope.id)).toContain(oldKey.kid);
    expect(signedBy(after.envelope.id)).toContain(newKey.kid);
    expect(bundle.participantKeys.find((k) => k.kid === oldKey.kid)!.revokedAt).not.toBeNull();
  });

  it("shows a party that is not a declaration's recipient a bundle without it, which still verifies", async () => {
    const ref = await openConsignment();
    const sent = await sendSigned(await registerKey(DECLARANT), ref);
    const consignment = await call(x, 'GET', `/v1/consignments/${ref}`, x.adminToken);
    const outsider = (consignment.body.parties as string[]).find(
      (p) => p !== DECLARANT && !p.includes('CUSTOMS'),
    )!;
    expect(outsider).toBeDefined();
    const bundle = await evidence(ref, keys[outsider]);
    expect(bundle.messages.map((m) => m.id)).not.toContain(sent.envelope.id);
    expect(JSON.stringify(bundle)).not.toContain(sent.envelope.id);
    expect((await verifyBundle(bundle)).filter((f) => !f.ok)).toEqual([]);
    expect((await evidence(ref)).messages.map((m) => m.id)).toContain(sent.envelope.id);
  });

  it('bounds an old consignment’s bundle: later traffic of the exchange is not in it, and it still verifies', async () => {
    const old = await openConsignment();
    const before = await evidence(old);
    const oldEnd = Math.max(...before.chain.map((e) => e.seq));
    // Other consignments' traffic follows, until a head the router signed closes the old consignment's segment
    // (every few seconds); from then on, its bundle ends there however long the chain grows.
    let later: EvidenceBundle | undefined;
    await waitFor(
      async () => {
        const ref = await openConsignment();
        later = await evidence(ref);
        const bundle = await evidence(old);
        return Math.max(...bundle.chain.map((e) => e.seq)) < Math.min(...later.chain.map((e) => e.seq));
      },
      { what: "a signed head to close the old consignment's segment", intervalMs: 500 },
    );
    for (let i = 0; i < 3; i++) await openConsignment();
    const bundle = await evidence(old);
    expect(Math.max(...bundle.chain.map((e) => e.seq))).toBeLessThan(
      Math.min(...later!.chain.map((e) => e.seq)),
    );
    expect(Math.min(...bundle.chain.map((e) => e.seq))).toBeLessThanOrEqual(oldEnd);
    expect(bundle.format).toBe('cx-evidence/2');
    expect((await verifyBundle(bundle)).filter((f) => !f.ok)).toEqual([]);
    expect((await verifyBundle(later!)).filter((f) => !f.ok)).toEqual([]);
  });

  it('manages signing keys: registers, lists, refuses, revokes; evidence only for parties', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const post = (body: unknown, token = keys['AZ-PORT-BAKU']) =>
      call(x, 'POST', '/v1/signing-keys', token, body);
    const created = await post({ jwk });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ participantId: 'AZ-PORT-BAKU', alg: 'ES256', revokedAt: null });
    const kid = created.body.kid as string;
    expect((await post({ jwk }, keys['GE-PORT-POTI'])).status).toBe(409);
    for (const bad of [
      { jwk: privateKey.export({ format: 'jwk' }) },
      { jwk: { kty: 'RSA', n: 'x', e: 'AQAB' } },
      {},
    ]) {
      const refused = await post(bad);
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toEqual([
        expect.objectContaining({ rule: 'signing-key.jwk', path: '/jwk' }),
      ]);
    }
    const own = await call(x, 'GET', '/v1/signing-keys', keys['AZ-PORT-BAKU']);
    expect(own.status).toBe(200);
    expect((own.body as unknown as Array<{ kid: string }>).map((k) => k.kid)).toEqual([kid]);
    const all = await call(x, 'GET', '/v1/signing-keys', x.adminToken);
    expect((all.body as unknown as Array<{ kid: string }>).map((k) => k.kid)).toContain(kid);
    expect((await call(x, 'DELETE', `/v1/signing-keys/${kid}`, keys['GE-PORT-POTI'])).status).toBe(404);
    const revoked = await call(x, 'DELETE', `/v1/signing-keys/${kid}`, keys['AZ-PORT-BAKU']);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    // A consignment's evidence is its parties' and the admin's; anyone else gets 404, as for the consignment.
    const ref = await openConsignment();
    expect((await call(x, 'GET', `/v1/consignments/${ref}/evidence`, keys['TR-CUSTOMS'])).status).toBe(404);
    expect((await call(x, 'GET', `/v1/consignments/${ref}/evidence`, x.adminToken)).status).toBe(200);
  });
});
