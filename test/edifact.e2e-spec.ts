import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { edifactEnvelopeId, renderInterchange, translateInterchange } from '@cx/edifact';
import { loadParticipants } from './fixtures/corpus';
import { call, corpusMessage, deliverTopic, registerCorridor, waitUntilRoutable } from './support/corridor';
import { EventStreamReader } from './support/event-stream-reader';
import { testKafka } from './support/kafka-client';
import { waitFor } from './support/wait';
import { WebhookTarget } from './support/webhook-target';
import { createTestDatabase, TestDatabase } from './support/database';
import { Exchange } from './support/exchange';
import { ReadRecord, TopicReader } from './support/topic-reader';

const PARTICIPANTS = loadParticipants().map((p) => p.id);
const EDIFACT_SENDERS = ['GE-PORT-POTI', 'AZ-PORT-BAKU', 'GE-FORWARDER-CAUCASUS'];
const sample = (name: string) => readFileSync(join(__dirname, 'fixtures/edifact', name));

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

  beforeAll(async () => {
    db = await createTestDatabase();
    x = await Exchange.start(db, undefined, { CX_INBOX_POLL_MS: '50' });
    keys = await registerCorridor(x);
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

    it('answers in EDIFACT: a CUSRES is routed as its JSON customs.decision would be', async () => {
      const declaration = corpusMessage('customs.declaration/valid-transit-aktau-poti');
      const declared = await call(x, 'POST', '/v1/messages', keys[declaration.sender], declaration);
      expect(declared.status).toBe(202);
      await routed(declaration.id, declaration.sender);
      const decision = corpusMessage('customs.decision/valid-released-poti');
      const interchange = renderInterchange(
        {
          sender: { id: 'GE0003000', qualifier: '5' },
          recipient: { id: 'CX-EXCHANGE', qualifier: 'ZZZ' },
          controlReference: 'GECUS0001',
          preparedAt: new Date(),
        },
        [{ envelope: decision as never, reference: '1' }],
      );
      const answer = await post(CUSTOMS, interchange);
      expect(answer.json.results).toEqual([
        expect.objectContaining({ id: decision.id, status: 'accepted', httpStatus: 202, message: 'CUSRES' }),
      ]);
      const recipients = await routed(decision.id, CUSTOMS);
      expect(recipients).toContain(declaration.sender);
      const twin = { ...decision, id: randomUUID() };
      expect((await call(x, 'POST', '/v1/messages', keys[CUSTOMS], twin)).status).toBe(202);
      expect(await routed(twin.id, CUSTOMS)).toEqual(recipients);
    });
  });

  describe('the Kafka door: records with content-type application/EDIFACT on a participant’s inbound topic', () => {
    const producer = testKafka('cx-test-operator').producer();
    const POTI = { id: 'GE-PORT-POTI', qualifier: 'ZZZ' };
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
      const id = edifactEnvelopeId(POTI, 'PTIKAFKA1', 'PTIKAFKA1001');
      await produce('GE-PORT-POTI', text);
      const recipients = await routed(id, 'GE-PORT-POTI');
      expect(recipients).toEqual(await routedAsJson('codeco-d96b-1.0-gate-in-poti.edi', 'GE-PORT-POTI'));
      const overHttp = await post('GE-PORT-POTI', text);
      expect(overHttp.json.results[0]).toMatchObject({ id, status: 'accepted', httpStatus: 200 });
    });

    it('keeps the producer binding: a UNB sender that is not the topic’s participant is refused', async () => {
      const id = edifactEnvelopeId(POTI, 'PTIKAFKA2', 'PTIKAFKA2001');
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
      const id = edifactEnvelopeId(POTI, 'PTIKAFKA3', '1');
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
    });
  });
});
