import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash, generateKeyPairSync, type KeyObject, randomUUID } from 'node:crypto';
import { edifactEnvelopeId, renderInterchange, translateInterchange } from '@cx/edifact';
import { type EvidenceBundle, signDetached, verifyBundle } from '@cx/evidence';
import { loadParticipants } from './fixtures/corpus';
import { call, corpusMessage, deliverTopic, registerCorridor, waitUntilRoutable } from './support/corridor';
import { EventStreamReader } from './support/event-stream-reader';
import { testKafka } from './support/kafka-client';
import { waitFor } from './support/wait';
import { WebhookTarget } from './support/webhook-target';
import { createTestDatabase, exchangeSecret, TestDatabase } from './support/database';
import { Exchange } from './support/exchange';
import { ReadRecord, TopicReader } from './support/topic-reader';

const PARTICIPANTS = loadParticipants().map((p) => p.id);
const EDIFACT_SENDERS = ['GE-PORT-POTI', 'AZ-PORT-BAKU', 'GE-FORWARDER-CAUCASUS'];
const sample = (name: string) => readFileSync(join(__dirname, 'fixtures/edifact', name));
const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** The id an EDIFACT message got before ids were keyed: a UUID v5 of public UNB values, computable by anyone. */
function publicV5Id(sender: { id: string; qualifier?: string }, interchange: string, message: string) {
  const ns = Buffer.from('5b0c8f2e3c1d4e559a6f8d2b7e41c0a9', 'hex');
  const name = [sender.id, sender.qualifier ?? '', interchange, message].join('\u001f');
  const h = createHash('sha1').update(ns).update(name).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

interface Answer {
  status: number;
  contentType: string | null;
  text: string;
  json: AnswerBody;
}

/** The JSON answers: per-message results, or a problem. */
interface AnswerBody {
  results: Array<{ id: string; status: string; httpStatus: number; errors?: unknown[] }>;
  errors?: unknown[];
  detail?: string;
}

describe('UN/EDIFACT over HTTP: interchanges judged and routed as JSON envelopes are', () => {
  let db: TestDatabase;
  let x: Exchange;
  let keys: Record<string, string>;
  let reader: TopicReader;
  let idSecret: Buffer;

  beforeAll(async () => {
    db = await createTestDatabase();
    // Decisions must be signed, as by default: customs answering in EDIFACT sign their interchanges.
    x = await Exchange.start(db, undefined, {
      CX_INBOX_POLL_MS: '50',
      CX_SIGNATURE_REQUIRED: 'customs.decision',
    });
    keys = await registerCorridor(x);
    idSecret = await exchangeSecret(db, 'edifact-ids');
    for (const id of EDIFACT_SENDERS) {
      const patched = await call(x, 'PATCH', `/v1/admin/participants/${id}`, x.adminToken, {
        edifactId: id,
        edifactQualifier: 'ZZZ',
      });
      expect(patched.status).toBe(200);
    }
    await waitUntilRoutable(x, keys);
    reader = await TopicReader.open([
      ...PARTICIPANTS.map((id) => deliverTopic(x, id)),
      `${x.topicPrefix}.dlq`,
    ]);
  });

  afterAll(async () => {
    await reader?.close();
    await x?.stop();
    await db?.drop();
  });

  async function post(
    sender: string,
    body: Buffer | string,
    headers: Record<string, string> = {},
    path = '/v1/messages',
  ): Promise<Answer> {
    const res = await fetch(`${x.gatewayUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys[sender]}`, 'content-type': 'application/EDIFACT', ...headers },
      body,
    });
    const text = await res.text();
    let json = { results: [] } as AnswerBody;
    try {
      json = JSON.parse(text) as AnswerBody;
    } catch {
      // an interchange
    }
    return { status: res.status, contentType: res.headers.get('content-type'), text, json };
  }

  const ackFor = (id: string): ReadRecord | undefined =>
    reader.records.find(
      (r) => r.headers.ce_type === 'ack' && (r.json.payload as { ackFor?: string })?.ackFor === id,
    );
  const holders = (id: string) =>
    reader.records
      .filter((r) => r.headers.ce_id === id)
      .map((r) => r.topic.slice(`${x.topicPrefix}.deliver.`.length))
      .sort();

  /** Waits for the ack of `id` and every delivery it names; returns the recipients. */
  async function routed(id: string, sender: string): Promise<string[]> {
    await reader.waitFor(() => ackFor(id) !== undefined, `the ack of ${id}`);
    const ack = ackFor(id)!;
    expect(ack.topic).toBe(deliverTopic(x, sender));
    expect(ack.json.payload).toMatchObject({ outcome: 'accepted' });
    const recipients = (ack.json.payload as { recipients: string[] }).recipients;
    await reader.waitFor(() => holders(id).length >= recipients.length, `deliveries of ${id}`);
    expect(holders(id)).toEqual([...recipients].sort());
    return recipients;
  }

  /** The same message posted as JSON under a fresh id: who it is routed to. */
  async function routedAsJson(file: string, sender: string): Promise<string[]> {
    const [message] = translateInterchange(sample(file).toString('latin1'), {
      participantOf: () => sender,
    }).messages;
    const envelope = { ...message.envelope, id: randomUUID() };
    const res = await call(x, 'POST', '/v1/messages', keys[sender], envelope);
    expect(res.status).toBe(202);
    return routed(envelope.id, sender);
  }

  it('a forwarder’s IFTMIN and a terminal’s CODECO are routed to whom their JSON twins are', async () => {
    const note = await post('GE-FORWARDER-CAUCASUS', sample('iftmin-d96b-1.0-poti-baku.edi'));
    expect(note.status).toBe(200);
    expect(note.json.results).toEqual([
      expect.objectContaining({ index: 0, status: 'accepted', httpStatus: 202, messageReference: '1' }),
    ]);
    const noteRecipients = await routed(note.json.results[0].id, 'GE-FORWARDER-CAUCASUS');
    expect(noteRecipients).toContain('KZ-FORWARDER-KTZE');

    const gateIn = await post('GE-PORT-POTI', sample('codeco-d96b-1.0-gate-in-poti.edi'));
    expect(gateIn.status).toBe(200);
    expect(gateIn.json.results[0]).toMatchObject({ status: 'accepted', httpStatus: 202, message: 'CODECO' });
    const recipients = await routed(gateIn.json.results[0].id, 'GE-PORT-POTI');
    expect(recipients.length).toBeGreaterThan(0);
    expect(await routedAsJson('codeco-d96b-1.0-gate-in-poti.edi', 'GE-PORT-POTI')).toEqual(recipients);
  });

  it('a carrier’s CUSCAR reaches the customs authorities its JSON twin reaches', async () => {
    const manifest = await post('AZ-PORT-BAKU', sample('cuscar-d96b-1.0-block-train-sangachal-poti.edi'));
    expect(manifest.status).toBe(200);
    expect(manifest.json.results[0]).toMatchObject({ status: 'accepted', httpStatus: 202 });
    const recipients = await routed(manifest.json.results[0].id, 'AZ-PORT-BAKU');
    expect(recipients).toEqual(expect.arrayContaining(['GE-CUSTOMS']));
    expect(await routedAsJson('cuscar-d96b-1.0-block-train-sangachal-poti.edi', 'AZ-PORT-BAKU')).toEqual(
      recipients,
    );
  });

  it('a resent interchange is a replay: 200 with the first receipt, routed once', async () => {
    const body = sample('codeco-d96b-1.0-gate-in-poti.edi');
    const first = await post('GE-PORT-POTI', body, {}, '/v1/messages/batch');
    const again = await post('GE-PORT-POTI', body);
    expect(first.json.results[0].httpStatus).toBe(200);
    expect(again.json.results[0]).toEqual(first.json.results[0]);
    const delivered = holders(first.json.results[0].id);
    expect(delivered.length).toBeGreaterThan(0);
    expect(delivered).toEqual([...new Set(delivered)]);
  });

  it('syntax errors: 400 with the segment positions, as problem+json or as CONTRL', async () => {
    const body = sample('invalid-unt-segment-count.edi');
    const problem = await post('GE-PORT-POTI', body);
    expect(problem.status).toBe(400);
    expect(problem.contentType).toContain('application/problem+json');
    expect(problem.json.errors).toContainEqual(
      expect.objectContaining({ rule: 'edifact.unt-segment-count', edifact: 'UNH 1 / UNT 12 / 0074' }),
    );
    const contrl = await post('GE-PORT-POTI', body, { accept: 'application/EDIFACT' });
    expect(contrl.status).toBe(400);
    expect(contrl.contentType?.toLowerCase()).toContain('application/edifact');
    expect(contrl.text).toContain('UNB+UNOW:4+CX-EXCHANGE:ZZZ+GE-PORT-POTI:ZZZ+');
    expect(contrl.text).toContain(
      "+PTI000451'UNH+1+CONTRL:D:96B:UN'UCI+PTI000451+GE-PORT-POTI:ZZZ+CX-EXCHANGE:ZZZ+7'",
    );
    expect(contrl.text).toContain("UCM+1+IFTSTA:D:96B:UN+4+5+UNT+2'");
  });

  it('an interchange without a message is a syntax error (400 or CONTRL), not an empty 200', async () => {
    const body = sample('invalid-no-message.edi');
    const problem = await post('GE-PORT-POTI', body);
    expect([problem.status, problem.json.errors]).toEqual([
      400,
      [expect.objectContaining({ rule: 'edifact.no-message', edifact: 'UNH 2' })],
    ]);
    const contrl = await post('GE-PORT-POTI', body, { accept: 'application/EDIFACT' });
    expect(contrl.status).toBe(400);
    expect(contrl.text).toContain("UCI+PTI000470+GE-PORT-POTI:ZZZ+CX-EXCHANGE:ZZZ+4+4+UNH'");
  });

  it('ids are keyed by the exchange: a JSON message posted first under the old computable id blocks nothing', async () => {
    const text = sample('codeco-d96b-1.0-gate-in-poti.edi')
      .toString('latin1')
      .replaceAll('PTI000452', 'PTIATTACK1');
    const [message] = translateInterchange(text).messages;
    const guessed = publicV5Id({ id: 'GE-PORT-POTI', qualifier: 'ZZZ' }, 'PTIATTACK1', message.reference);
    const squatter = { ...corpusMessage('transport.status/valid-gate-out-kars-road'), id: guessed };
    expect((await call(x, 'POST', '/v1/messages', keys[squatter.sender], squatter)).status).toBe(202);
    const posted = await post('GE-PORT-POTI', text);
    expect(posted.json.results).toEqual([
      expect.objectContaining({ status: 'accepted', httpStatus: 202, messageReference: message.reference }),
    ]);
    const id = posted.json.results[0].id;
    expect(id).not.toBe(guessed);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(id).toBe(
      edifactEnvelopeId(
        { secret: idSecret, participant: 'GE-PORT-POTI' },
        { id: 'GE-PORT-POTI', qualifier: 'ZZZ' },
        'PTIATTACK1',
        message.reference,
      ),
    );
    await routed(id, 'GE-PORT-POTI');
  });

  it('application errors: the violations located in the interchange, in JSON or as APERAK', async () => {
    const body = sample('rejected-iftsta-container-check-digit.edi');
    const json = await post('GE-PORT-POTI', body);
    expect(json.status).toBe(200);
    expect(json.json.results[0]).toMatchObject({ status: 'rejected', httpStatus: 422 });
    expect(json.json.results[0].errors).toContainEqual(
      expect.objectContaining({
        path: '/payload/containerNumber',
        rule: 'iso6346.check-digit',
        edifact: 'UNH 1 / EQD 11 / C237 / 8260',
      }),
    );
    const aperak = await post('GE-PORT-POTI', body, { accept: 'application/EDIFACT' });
    expect(aperak.status).toBe(200);
    expect(aperak.contentType?.toLowerCase()).toContain('application/edifact');
    const [ack] = translateInterchange(aperak.text, { messages: ['APERAK'] }).messages;
    expect(ack.envelope).toMatchObject({
      type: 'ack',
      sender: 'CX-EXCHANGE',
      recipients: ['GE-PORT-POTI'],
      payload: { outcome: 'rejected', ackFor: json.json.results[0].id },
    });
    expect((ack.envelope!.payload as { errors: unknown[] }).errors).toContainEqual(
      expect.objectContaining({ rule: 'iso6346.check-digit', edifact: 'UNH 1 / EQD 11 / C237 / 8260' }),
    );
  });

  it('an impostor UNB sender is refused (403), and so is a caller without an EDIFACT identity', async () => {
    const body = sample('codeco-d96b-1.0-gate-in-poti.edi');
    const impostor = await post('AZ-PORT-BAKU', body);
    expect(impostor.status).toBe(403);
    expect(impostor.json.errors).toEqual([
      expect.objectContaining({ rule: 'edifact.sender-is-caller', edifact: 'UNB 1 / S002 / 0004' }),
    ]);
    const viaBatch = await post('AZ-PORT-BAKU', body, {}, '/v1/messages/batch');
    expect(viaBatch.status).toBe(403);
    const stranger = await post('GE-CUSTOMS', body);
    expect(stranger.status).toBe(403);
    expect(stranger.json.detail).toContain('has no EDIFACT identity');
    const unqualified = await post(
      'GE-PORT-POTI',
      body.toString('latin1').replace('GE-PORT-POTI:ZZZ', 'GE-PORT-POTI'),
    );
    expect(unqualified.status).toBe(403);
  });

  it('an EDIFACT identity names one participant: another’s is 409', async () => {
    const taken = await call(x, 'PATCH', '/v1/admin/participants/GE-CUSTOMS', x.adminToken, {
      edifactId: 'GE-PORT-POTI',
    });
    expect(taken.status).toBe(409);
    const shown = await call(x, 'GET', '/v1/admin/participants/GE-PORT-POTI', x.adminToken);
    expect(shown.body).toMatchObject({ edifactId: 'GE-PORT-POTI', edifactQualifier: 'ZZZ' });
  });

  it('an interchange of more messages than a batch holds is refused before it is read (422)', async () => {
    const text = sample('codeco-d96b-1.0-gate-in-poti.edi').toString('latin1');
    const message = text.slice(text.indexOf('UNH'), text.indexOf('UNZ'));
    const res = await post('GE-PORT-POTI', text.replace(message, message.repeat(501)));
    expect(res.status).toBe(422);
    expect(res.json.errors).toEqual([expect.objectContaining({ rule: 'batch.size' })]);
  });

  it('other routes refuse EDIFACT with 415', async () => {
    const res = await post(
      'GE-PORT-POTI',
      sample('codeco-d96b-1.0-gate-in-poti.edi'),
      {},
      '/v1/subscriptions',
    );
    expect(res.status).toBe(415);
  });

  describe('a customs authority that asked for EDIFACT', () => {
    const CUSTOMS = 'GE-CUSTOMS';
    let hook: WebhookTarget;
    let stream: EventStreamReader;
    let manifestId: string;

    beforeAll(async () => {
      const patched = await call(x, 'PATCH', `/v1/admin/participants/${CUSTOMS}`, x.adminToken, {
        edifactId: 'GE0003000',
        edifactQualifier: '5',
      });
      expect(patched.status).toBe(200);
      hook = await WebhookTarget.start();
      const sub = await call(x, 'POST', '/v1/subscriptions', keys[CUSTOMS], {
        url: hook.url,
        secret: 'a-secret-of-16-chars',
        format: 'edifact',
        types: ['cargo.manifest'],
      });
      expect([sub.status, sub.body.format]).toEqual([201, 'edifact']);
      stream = await EventStreamReader.open(
        `${x.gatewayUrl}/v1/inbox/stream?format=edifact&types=cargo.manifest`,
        keys[CUSTOMS],
      );
      // A new interchange (another control reference) of the same manifest: a new message, after the subscription.
      const resent = sample('cuscar-d96b-1.0-block-train-sangachal-poti.edi')
        .toString('utf8')
        .replaceAll('BIP2026118700', 'BIP2026118701');
      const posted = await post('AZ-PORT-BAKU', resent);
      expect(posted.json.results[0]).toMatchObject({ status: 'accepted', httpStatus: 202 });
      manifestId = posted.json.results[0].id;
      await routed(manifestId, 'AZ-PORT-BAKU');
    });

    afterAll(async () => {
      stream?.close();
      await hook?.close();
    });

    const readsAsManifest = (text: string) => {
      expect(text).toMatch(/^UNA:\+\.\?\*'UNB\+UNOW:4\+CX-EXCHANGE:ZZZ\+GE0003000:5\+/);
      const [message] = translateInterchange(text, { messages: ['CUSCAR'] }).messages;
      expect(message.errors).toEqual([]);
      return message.envelope;
    };

    it('finds CUSCAR in its inbox, with format=edifact', async () => {
      const page = await call(x, 'GET', '/v1/inbox?format=edifact&types=cargo.manifest', keys[CUSTOMS]);
      expect(page.status).toBe(200);
      const items = page.body.items as Array<{ type: string; edifact: string }>;
      const envelopes = items.map((i) => readsAsManifest(i.edifact));
      expect(envelopes).toContainEqual(expect.objectContaining({ id: manifestId, sender: 'AZ-PORT-BAKU' }));
      expect(items.every((i) => i.type === 'cargo.manifest')).toBe(true);
      const bad = await call(x, 'GET', '/v1/inbox?format=xml', keys[CUSTOMS]);
      expect([bad.status, bad.body.errors]).toEqual([
        422,
        [expect.objectContaining({ rule: 'inbox.format' })],
      ]);
    });

    it('receives CUSCAR on its event stream and its EDIFACT webhook', async () => {
      await stream.waitForEvents(2, 'the manifests on the stream');
      expect(stream.events.every((e) => e.event === 'edifact')).toBe(true);
      expect(stream.events.map((e) => readsAsManifest(e.data)?.id)).toContain(manifestId);
      await waitFor(() => hook.received.length > 0, { what: 'the EDIFACT webhook' });
      const [delivered] = hook.received;
      expect(delivered.headers['content-type']).toBe('application/EDIFACT');
      expect(readsAsManifest(delivered.body)).toMatchObject({ id: manifestId, type: 'cargo.manifest' });
    });

    describe('answering in signed CUSRES interchanges', () => {
      const producer = testKafka('cx-test-operator').producer();
      const GE_CUSTOMS_EDI = { id: 'GE0003000', qualifier: '5' };
      let key: { kid: string; privateKey: KeyObject };

      beforeAll(async () => {
        await producer.connect();
        const { privateKey, publicKey } = generateKeyPairSync('ed25519');
        const res = await call(x, 'POST', '/v1/signing-keys', keys[CUSTOMS], {
          jwk: publicKey.export({ format: 'jwk' }),
        });
        expect(res.status).toBe(201);
        key = { kid: res.body.kid as string, privateKey };
      });

      afterAll(() => producer.disconnect());

      const sign = (bytes: Buffer | string, by = key) =>
        signDetached(Buffer.from(bytes), by.privateKey, { alg: 'EdDSA', kid: by.kid });

      /** A fresh declaration, routed to customs; and a decision on it. */
      async function declared() {
        const declaration = corpusMessage('customs.declaration/valid-transit-aktau-poti', true);
        expect((await call(x, 'POST', '/v1/messages', keys[declaration.sender], declaration)).status).toBe(
          202,
        );
        await routed(declaration.id, declaration.sender);
        const decision = {
          ...corpusMessage('customs.decision/valid-released-poti', true),
          correlationId: declaration.id,
        };
        return { declaration, decision };
      }

      const cusres = (controlReference: string, ...decisions: unknown[]) =>
        renderInterchange(
          {
            sender: GE_CUSTOMS_EDI,
            recipient: { id: 'CX-EXCHANGE', qualifier: 'ZZZ' },
            controlReference,
            preparedAt: new Date(),
          },
          decisions.map((d, i) => ({ envelope: d as never, reference: String(i + 1) })),
        );

      async function bundleOf(ref: string): Promise<EvidenceBundle> {
        const res = await call(x, 'GET', `/v1/consignments/${ref}/evidence`, x.adminToken);
        expect(res.status).toBe(200);
        return res.body as unknown as EvidenceBundle;
      }

      /** The bundle verifies, carries the interchange the JWS covers, and fails once those bytes are changed. */
      async function expectVerifiable(ref: string, id: string, interchange: string) {
        const bundle = await bundleOf(ref);
        const message = bundle.messages.find((m) => m.id === id)!;
        expect(Buffer.from(message.interchange!, 'base64').toString('utf8')).toBe(interchange);
        const entry = bundle.chain.find((e) => e.body?.messageId === id)!;
        expect(entry.body!.interchange).toBe(sha256(interchange));
        expect((await verifyBundle(bundle)).filter((f) => !f.ok)).toEqual([]);
        message.interchange = Buffer.from(interchange.replace('GE000300', 'GE000301')).toString('base64');
        expect((await verifyBundle(bundle)).filter((f) => !f.ok)).toEqual([
          expect.objectContaining({ detail: expect.stringContaining("EDIFACT interchange's bytes differ") }),
        ]);
      }

      it('over HTTP: unsigned and wrongly signed are refused, a signed one is routed to the declarant and its evidence verifies', async () => {
        const { declaration, decision } = await declared();
        const interchange = cusres('GECUS0001', decision);
        const unsigned = await post(CUSTOMS, interchange);
        expect(unsigned.json.results).toEqual([
          expect.objectContaining({
            status: 'rejected',
            httpStatus: 422,
            errors: [expect.objectContaining({ rule: 'signature.required' })],
          }),
        ]);
        const forged = await post(CUSTOMS, interchange, {
          'x-cx-jws': await sign(interchange.replace('GE000300', 'GE000301')),
          accept: 'application/EDIFACT',
        });
        const [aperak] = translateInterchange(forged.text, { messages: ['APERAK'] }).messages;
        expect(aperak.envelope?.payload).toMatchObject({
          outcome: 'rejected',
          errors: [expect.objectContaining({ rule: 'signature.invalid' })],
        });
        const stranger = generateKeyPairSync('ed25519').privateKey;
        const unknownKey = await post(CUSTOMS, interchange, {
          'x-cx-jws': await sign(interchange, { kid: 'no-such-key', privateKey: stranger }),
        });
        expect(unknownKey.json.results[0].errors).toEqual([
          expect.objectContaining({ rule: 'signature.key' }),
        ]);

        const jws = await sign(interchange);
        const signed = await post(CUSTOMS, interchange, { 'x-cx-jws': jws });
        expect(signed.json.results).toEqual([
          expect.objectContaining({
            id: decision.id,
            status: 'accepted',
            httpStatus: 202,
            message: 'CUSRES',
          }),
        ]);
        const recipients = await routed(decision.id, CUSTOMS);
        expect(recipients).toContain(declaration.sender);
        const delivery = reader.records.find(
          (r) => r.topic === deliverTopic(x, declaration.sender) && r.headers.ce_id === decision.id,
        )!;
        expect(delivery.headers['cx-jws']).toBe(jws);
        expect(delivery.headers['cx-interchange']).toBe(sha256(interchange));
        const inbox = await call(x, 'GET', '/v1/inbox?types=customs.decision', keys[declaration.sender]);
        const items = inbox.body.items as Array<{
          message: { id: string };
          jws: string;
          interchange: string;
        }>;
        expect(items.find((i) => i.message.id === decision.id)).toMatchObject({
          jws,
          interchange: sha256(interchange),
        });
        await expectVerifiable(decision.consignmentRef, decision.id, interchange);

        const twin = { ...decision, id: randomUUID() };
        const raw = JSON.stringify(twin);
        const json = await call(x, 'POST', '/v1/messages', keys[CUSTOMS], raw, {
          'x-cx-jws': await sign(raw),
        });
        expect(json.status).toBe(202);
        expect(await routed(twin.id, CUSTOMS)).toEqual(recipients);
      });

      it('over HTTP: a signed interchange of two messages is refused whole (422 signature.single-message)', async () => {
        const { decision } = await declared();
        const other = { ...decision, id: randomUUID() };
        const interchange = cusres('GECUS0002', decision, other);
        const res = await post(CUSTOMS, interchange, { 'x-cx-jws': await sign(interchange) });
        expect([res.status, res.json.errors]).toEqual([
          422,
          [expect.objectContaining({ rule: 'signature.single-message' })],
        ]);
        expect((await call(x, 'GET', `/v1/messages/${decision.id}`, keys[CUSTOMS])).status).toBe(404);
      });

      const produceSigned = (value: string, jws?: string, key = 'cusres') =>
        producer.send({
          topic: `${x.topicPrefix}.inbound.${CUSTOMS}`,
          messages: [
            {
              key,
              value,
              headers: { 'content-type': 'application/EDIFACT', ...(jws ? { 'cx-jws': jws } : {}) },
            },
          ],
        });

      it('over Kafka: unsigned and wrongly signed get rejected acks, a signed one is routed and verifies', async () => {
        const { declaration, decision } = await declared();
        const unsigned = { ...decision, id: randomUUID() };
        await produceSigned(cusres('GECUSK001', unsigned));
        await reader.waitFor(() => ackFor(unsigned.id) !== undefined, 'the ack of the unsigned CUSRES');
        expect(ackFor(unsigned.id)!.json.payload).toMatchObject({
          outcome: 'rejected',
          errors: [expect.objectContaining({ rule: 'signature.required' })],
        });
        const forged = { ...decision, id: randomUUID() };
        const forgedText = cusres('GECUSK002', forged);
        await produceSigned(forgedText, await sign(`${forgedText} `));
        await reader.waitFor(() => ackFor(forged.id) !== undefined, 'the ack of the forged CUSRES');
        expect(ackFor(forged.id)!.json.payload).toMatchObject({
          outcome: 'rejected',
          errors: [expect.objectContaining({ rule: 'signature.invalid' })],
        });

        const interchange = cusres('GECUSK003', decision);
        const jws = await sign(interchange);
        await produceSigned(interchange, jws);
        expect(await routed(decision.id, CUSTOMS)).toContain(declaration.sender);
        await expectVerifiable(decision.consignmentRef, decision.id, interchange);
        // The same signed interchange over HTTP is the same message: a replay.
        const again = await post(CUSTOMS, interchange, { 'x-cx-jws': jws });
        expect(again.json.results[0]).toMatchObject({ id: decision.id, status: 'accepted', httpStatus: 200 });
      });

      it('over Kafka: a signed interchange of two messages is a dead letter (signature.single-message)', async () => {
        const { decision } = await declared();
        const interchange = cusres('GECUSK004', decision, { ...decision, id: randomUUID() });
        await produceSigned(interchange, await sign(interchange), 'two-signed');
        await reader.waitFor(
          () => reader.on(`${x.topicPrefix}.dlq`).some((r) => r.key === 'two-signed'),
          'the signed interchange of two messages on the DLQ',
        );
        const dead = reader.on(`${x.topicPrefix}.dlq`).find((r) => r.key === 'two-signed')!;
        expect(dead.headers['cx-dlq-reason']).toContain('signature.single-message');
        expect(ackFor(decision.id)).toBeUndefined();
      });
    });
  });

  describe('the Kafka door: records with content-type application/EDIFACT on a participant’s inbound topic', () => {
    const producer = testKafka('cx-test-operator').producer();
    const POTI = { id: 'GE-PORT-POTI', qualifier: 'ZZZ' };
    const idKey = (participant: string) => ({ secret: idSecret, participant });
    /** The CODECO sample under another interchange control reference: a new interchange. */
    const codeco = (reference: string, file = 'codeco-d96b-1.0-gate-in-poti.edi', from = 'PTI000452') =>
      sample(file).toString('latin1').replaceAll(from, reference);
    const produce = (participant: string, value: string, key = 'k') =>
      producer.send({
        topic: `${x.topicPrefix}.inbound.${participant}`,
        messages: [{ key, value, headers: { 'content-type': 'application/EDIFACT' } }],
      });

    beforeAll(() => producer.connect());
    afterAll(() => producer.disconnect());

    it('translates and routes each message as the HTTP door does; the same interchange over HTTP is a replay', async () => {
      const text = codeco('PTIKAFKA1');
      const id = edifactEnvelopeId(idKey('GE-PORT-POTI'), POTI, 'PTIKAFKA1', 'PTIKAFKA1001');
      await produce('GE-PORT-POTI', text);
      const recipients = await routed(id, 'GE-PORT-POTI');
      expect(recipients).toEqual(await routedAsJson('codeco-d96b-1.0-gate-in-poti.edi', 'GE-PORT-POTI'));
      const overHttp = await post('GE-PORT-POTI', text);
      expect(overHttp.json.results[0]).toMatchObject({ id, status: 'accepted', httpStatus: 200 });
    });

    it('keeps the producer binding: a UNB sender that is not the topic’s participant is refused', async () => {
      // Derived with the producer: the impostor's message cannot take POTI's id either.
      const id = edifactEnvelopeId(idKey('AZ-PORT-BAKU'), POTI, 'PTIKAFKA2', 'PTIKAFKA2001');
      await produce('AZ-PORT-BAKU', codeco('PTIKAFKA2'));
      await reader.waitFor(() => ackFor(id) !== undefined, 'the rejected ack to the producer');
      const ack = ackFor(id)!;
      expect(ack.topic).toBe(deliverTopic(x, 'AZ-PORT-BAKU'));
      expect(ack.json.payload).toMatchObject({
        outcome: 'rejected',
        errors: [expect.objectContaining({ rule: 'sender.is-producer' })],
      });
      expect(holders(id)).toEqual([]);
    });

    it('answers application errors with their EDIFACT positions, and dead-letters syntax errors', async () => {
      const id = edifactEnvelopeId(idKey('GE-PORT-POTI'), POTI, 'PTIKAFKA3', '1');
      await produce(
        'GE-PORT-POTI',
        codeco('PTIKAFKA3', 'rejected-iftsta-container-check-digit.edi', 'PTI000461'),
      );
      await reader.waitFor(() => ackFor(id) !== undefined, 'the rejected ack');
      expect((ackFor(id)!.json.payload as { errors: unknown[] }).errors).toContainEqual(
        expect.objectContaining({ rule: 'iso6346.check-digit', edifact: 'UNH 1 / EQD 11 / C237 / 8260' }),
      );
      await produce('GE-PORT-POTI', sample('invalid-unt-segment-count.edi').toString('latin1'), 'syntax');
      await reader.waitFor(
        () => reader.on(`${x.topicPrefix}.dlq`).some((r) => r.key === 'syntax'),
        'the interchange with a syntax error on the DLQ',
      );
      const dead = reader.on(`${x.topicPrefix}.dlq`).find((r) => r.key === 'syntax')!;
      expect(dead.headers['cx-dlq-reason'] ?? JSON.stringify(dead.headers)).toContain(
        'edifact.unt-segment-count at UNH 1 / UNT 12 / 0074',
      );
      // An interchange of no message leaves a trace too.
      await produce('GE-PORT-POTI', sample('invalid-no-message.edi').toString('latin1'), 'empty');
      await reader.waitFor(
        () => reader.on(`${x.topicPrefix}.dlq`).some((r) => r.key === 'empty'),
        'the interchange without a message on the DLQ',
      );
      const empty = reader.on(`${x.topicPrefix}.dlq`).find((r) => r.key === 'empty')!;
      expect(empty.headers['cx-dlq-reason']).toContain('edifact.no-message at UNH 2');
    });
  });
});
