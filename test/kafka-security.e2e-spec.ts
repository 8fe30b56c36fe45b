import { Kafka, KafkaConfig, logLevel, Partitioners, Producer, SASLOptions } from 'kafkajs';
import { call, corpusMessage, deliverTopic, registerCorridor, waitUntilRoutable } from './support/corridor';
import { createTestDatabase, TestDatabase } from './support/database';
import { Exchange } from './support/exchange';
import { testKafka } from './support/kafka-client';
import { ReadRecord, TopicReader } from './support/topic-reader';
import { waitFor } from './support/wait';

/**
 * The Kafka side against the real, secured local broker (SASL SCRAM-SHA-512, StandardAuthorizer, no ACL = no
 * access): participants connect with their own credential and can reach only their own topics and groups.
 */
const A = 'TR-RAIL-TCDD';
const B = 'KZ-RAIL-KTZ';
const C = 'GE-PORT-POTI';
const AUTHZ = /not authorized|authorization/i;
const SASL_FAILED = /SASL|authentication/i;

let db: TestDatabase;
let x: Exchange;
let keys: Record<string, string>;
let reader: TopicReader;
const credentials: Record<string, SASLOptions> = {};
const clients: Array<{ disconnect(): Promise<void> }> = [];

async function issue(id: string): Promise<SASLOptions> {
  const res = await call(x, 'POST', `/v1/admin/participants/${id}/kafka-credential`, x.adminToken);
  if (res.status !== 201)
    throw new Error(
      `issuing ${id}'s Kafka credential: ${res.status} ${JSON.stringify(res.body)}\n${x.tail('gateway')}`,
    );
  const { username, password, mechanism } = res.body as Record<string, string>;
  expect({ username, mechanism }).toEqual({ username: id, mechanism: 'scram-sha-512' });
  return { mechanism: 'scram-sha-512', username, password };
}

function as(sasl: SASLOptions | null, opts: Omit<Partial<KafkaConfig>, 'sasl'> = {}): Kafka {
  return testKafka('cx-test-participant', { retry: { retries: 0 }, connectionTimeout: 2000, ...opts, sasl });
}

async function producerOf(sasl: SASLOptions): Promise<Producer> {
  const producer = as(sasl, { retry: { retries: 2 } }).producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  clients.push(producer);
  await producer.connect();
  return producer;
}

const produce = (p: Producer, topic: string, e: Record<string, unknown>) =>
  p.send({ topic, acks: -1, messages: [{ key: String(e.consignmentRef), value: JSON.stringify(e) }] });

/** Whether a fresh client with this credential can authenticate and list topics. */
async function canConnect(sasl: SASLOptions | null): Promise<boolean> {
  const admin = as(sasl).admin();
  try {
    await admin.connect();
    await admin.listTopics();
    return true;
  } catch (err) {
    expect(String(err)).toMatch(sasl ? SASL_FAILED : /closed|SASL|authentication|connect/i);
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

const ackFor = (id: string) => (r: ReadRecord) =>
  r.json.type === 'ack' && (r.json.payload as { ackFor?: string } | undefined)?.ackFor === id;

beforeAll(async () => {
  db = await createTestDatabase();
  x = await Exchange.start(db, ['validator', 'router', 'gateway']);
  keys = await registerCorridor(x).catch((err: unknown) => {
    throw new Error(`${String(err)}\n${x.tail('gateway', 60)}`);
  });
  await waitUntilRoutable(x, keys);
  reader = await TopicReader.open([A, B, C, 'TR-CUSTOMS'].map((id) => deliverTopic(x, id)));
  for (const id of [A, B, C]) credentials[id] = await issue(id);
}, 180_000);

afterAll(async () => {
  for (const c of clients) await c.disconnect().catch(() => undefined);
  await reader?.close();
  await x?.stop();
  await db?.drop();
});

describe('the secured local broker', () => {
  it('refuses a client without a credential, and one with a wrong password', async () => {
    expect(await canConnect(null)).toBe(false);
    expect(await canConnect({ ...credentials[A], password: 'not-the-password' } as SASLOptions)).toBe(false);
    expect(await canConnect(credentials[A])).toBe(true);
  });

  it('lists what a credential allows', async () => {
    const res = await call(x, 'GET', `/v1/admin/participants/${A}/kafka-credential`, x.adminToken);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      username: A,
      active: true,
      acls: [
        `READ GROUP PREFIXED:${A}.`,
        `READ TOPIC LITERAL:${x.topicPrefix}.deliver.${A}`,
        `WRITE TOPIC LITERAL:${x.topicPrefix}.inbound.${A}`,
      ],
    });
  });
});

describe("participant A's credential", () => {
  it('produces idempotently to its own inbound topic, and reads the outcome on its own topic in its own group', async () => {
    const producer = await producerOf(credentials[A]);
    const status = corpusMessage('transport.status/valid-gate-out-kars-road', true);
    await produce(producer, `${x.topicPrefix}.inbound.${A}`, status);

    const consumer = as(credentials[A]).consumer({ groupId: `${A}.tracking` });
    clients.push(consumer);
    const seen: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: deliverTopic(x, A), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        seen.push(JSON.parse(message.value!.toString('utf8')).payload?.ackFor);
      },
    });
    await waitFor(() => seen.includes(status.id), { what: `A's consumer to read the ack of ${status.id}` });
    // The test's own reader is another consumer: it may not have read that ack yet.
    await reader.waitFor(() => reader.records.some(ackFor(status.id)), `the ack of ${status.id}`);
    const ack = reader.records.find(ackFor(status.id))!;
    expect((ack.json.payload as { outcome: string }).outcome).toBe('accepted');
    await reader.waitFor(
      () => reader.records.some((r) => r.topic === deliverTopic(x, 'TR-CUSTOMS') && r.json.id === status.id),
      'the delivery to TR-CUSTOMS',
    );
  });

  it("is refused reading B's deliveries", async () => {
    const consumer = as(credentials[A]).consumer({ groupId: `${A}.snooping` });
    clients.push(consumer);
    await consumer.connect();
    await expect(consumer.subscribe({ topic: deliverTopic(x, B), fromBeginning: true })).rejects.toThrow(
      AUTHZ,
    );
  });

  it('is refused joining a consumer group outside its prefix', async () => {
    // kafkajs reports only "Failed to find group coordinator"; the broker's answer is in its debug log.
    const answers: string[] = [];
    const kafka = as(credentials[A], {
      logLevel: logLevel.DEBUG,
      logCreator: () => (entry) => {
        const error = (entry.log as { error?: { type?: string; message?: string } }).error;
        if (error?.type) answers.push(`${error.type}: ${error.message}`);
      },
    });
    const consumer = kafka.consumer({ groupId: `${B}.tracking`, retry: { retries: 0 } });
    clients.push(consumer);
    let crash: Error | undefined;
    consumer.on(consumer.events.CRASH, ({ payload }) => (crash = payload.error));
    await consumer.connect();
    await consumer.subscribe({ topic: deliverTopic(x, A), fromBeginning: true });
    await consumer.run({ eachMessage: async () => undefined });
    await waitFor(() => crash !== undefined, { what: 'the consumer in a foreign group to be refused' });
    expect(answers).toContainEqual(expect.stringMatching(/^GROUP_AUTHORIZATION_FAILED/));
  });

  it("is refused producing to B's inbound topic and to the exchange's own cx.inbound", async () => {
    const producer = await producerOf(credentials[A]);
    const status = corpusMessage('transport.status/valid-gate-out-kars-road', true);
    await expect(produce(producer, `${x.topicPrefix}.inbound.${B}`, status)).rejects.toThrow(AUTHZ);
    await expect(produce(producer, `${x.topicPrefix}.inbound`, status)).rejects.toThrow(AUTHZ);
  });

  it('gets a rejected ack (sender.is-producer) for an envelope claiming sender B, which reaches no one', async () => {
    const producer = await producerOf(credentials[A]);
    const impostor = { ...corpusMessage('transport.status/valid-gate-out-kars-road', true), sender: B };
    const honest = corpusMessage('transport.status/valid-gate-out-kars-road', true);
    await produce(producer, `${x.topicPrefix}.inbound.${A}`, impostor);
    await produce(producer, `${x.topicPrefix}.inbound.${A}`, honest);

    await reader.waitFor(() => reader.records.some(ackFor(impostor.id)), 'the ack of the impostor envelope');
    const ack = reader.records.find(ackFor(impostor.id))!;
    expect(ack.topic).toBe(deliverTopic(x, A));
    expect(ack.json.payload).toMatchObject({
      outcome: 'rejected',
      errors: [{ path: '/sender', rule: 'sender.is-producer' }],
    });
    // The honest envelope produced after it is delivered: had the impostor been routed, it would be there first.
    await reader.waitFor(
      () => reader.records.some((r) => r.topic === deliverTopic(x, 'TR-CUSTOMS') && r.json.id === honest.id),
      'the delivery of the honest envelope produced after it',
    );
    expect(reader.records.filter((r) => r.json.id === impostor.id)).toEqual([]);
    expect(reader.records.filter(ackFor(impostor.id)).map((r) => r.topic)).toEqual([deliverTopic(x, A)]);
    expect((await call(x, 'GET', `/v1/messages/${impostor.id}`, keys[B])).status).toBe(404);
  });

  it("does not let an impostor's rejection take the ack id of the message whose id it reuses", async () => {
    // A's message, sent over HTTP and routed, with its ack under the id derived from the message's id.
    const original = corpusMessage('transport.status/valid-gate-out-kars-road', true);
    expect((await call(x, 'POST', '/v1/messages', keys[A], original)).status).toBe(202);
    await reader.waitFor(
      () => reader.records.some((r) => r.topic === deliverTopic(x, A) && ackFor(original.id)(r)),
      "the ack of A's message",
    );
    // B replays it on its own inbound topic, still claiming to be A.
    await produce(await producerOf(credentials[B]), `${x.topicPrefix}.inbound.${B}`, {
      ...original,
      consignmentRef: `${String(original.consignmentRef)}-B`,
    });
    await reader.waitFor(
      () => reader.records.some((r) => r.topic === deliverTopic(x, B) && ackFor(original.id)(r)),
      "B's rejection",
    );
    const ownAck = reader.records.find((r) => r.topic === deliverTopic(x, A) && ackFor(original.id)(r))!;
    const rejection = reader.records.find((r) => r.topic === deliverTopic(x, B) && ackFor(original.id)(r))!;
    expect(rejection.json.id).not.toBe(ownAck.json.id);
    // A's ack stays A's alone: B neither reads it nor finds it in its inbox, and A's inbox holds the accepted one.
    expect((await call(x, 'GET', `/v1/messages/${String(ownAck.json.id)}`, keys[B])).status).toBe(404);
    const inboxOf = async (id: string) =>
      (await call(x, 'GET', '/v1/inbox?types=ack&limit=500', keys[id])).body.items as Array<{
        message: { id: string; payload: { outcome: string } };
      }>;
    expect((await inboxOf(B)).map((i) => i.message.id)).not.toContain(ownAck.json.id);
    const mine = (await inboxOf(A)).filter((i) => i.message.id === ownAck.json.id);
    expect(mine.map((i) => i.message.payload.outcome)).toEqual(['accepted']);
  });
});

describe('a dead letter of a participant', () => {
  it('is replayed to its own inbound topic, where its sender stays bound to it', async () => {
    const producer = await producerOf(credentials[A]);
    const garbage = `not an envelope ${Date.now()}`;
    await producer.send({ topic: `${x.topicPrefix}.inbound.${A}`, acks: -1, messages: [{ value: garbage }] });
    type DeadLetter = { id: string; replayOf: string | null; preview: string };
    const deadLetters = async () =>
      (await call(x, 'GET', '/v1/admin/dlq?limit=100', x.adminToken)).body.items as DeadLetter[];
    let dead: DeadLetter | undefined;
    await waitFor(
      async () => (dead = (await deadLetters()).find((d) => d.preview === garbage)) !== undefined,
      {
        what: "A's garbage record to become a dead letter",
      },
    );
    expect(dead!.id.startsWith(`${x.topicPrefix}.inbound.${A}:`)).toBe(true);
    const one = await call(x, 'GET', `/v1/admin/dlq/${encodeURIComponent(dead!.id)}`, x.adminToken);
    expect([one.status, one.body.id, one.body.preview]).toEqual([200, dead!.id, garbage]);
    const replay = await call(
      x,
      'POST',
      `/v1/admin/dlq/${encodeURIComponent(dead!.id)}/replay`,
      x.adminToken,
    );
    expect(replay.status).toBe(202);
    expect(replay.body.topic).toBe(`${x.topicPrefix}.inbound.${A}`);
    await waitFor(
      async () =>
        (await deadLetters()).some(
          (d) => d.replayOf === dead!.id && d.id.startsWith(`${x.topicPrefix}.inbound.${A}:`),
        ),
      { what: 'the replayed record to be judged again on the same topic' },
    );
  });
});

describe('cutting Kafka access', () => {
  it('refuses a revoked credential within seconds, on new and on open connections', async () => {
    const producer = await producerOf(credentials[A]);
    await produce(
      producer,
      `${x.topicPrefix}.inbound.${A}`,
      corpusMessage('transport.status/valid-gate-out-kars-road', true),
    );

    const revoked = await call(x, 'DELETE', `/v1/admin/participants/${A}/kafka-credential`, x.adminToken);
    expect(revoked.status).toBe(204);
    await waitFor(async () => !(await canConnect(credentials[A])), {
      what: "A's revoked credential to be refused",
    });
    await waitFor(
      async () =>
        produce(
          producer,
          `${x.topicPrefix}.inbound.${A}`,
          corpusMessage('transport.status/valid-gate-out-kars-road', true),
        ).then(
          () => false,
          (err: unknown) => AUTHZ.test(String(err)),
        ),
      { what: "A's open producer to be refused" },
    );
    const state = await call(x, 'GET', `/v1/admin/participants/${A}/kafka-credential`, x.adminToken);
    expect(state.body).toMatchObject({ active: false, acls: [] });

    // A new credential works again; the old password does not.
    const renewed = await issue(A);
    expect(await canConnect(renewed)).toBe(true);
    expect(await canConnect(credentials[A])).toBe(false);
  });

  it("takes a deactivated participant's Kafka access away", async () => {
    expect(await canConnect(credentials[C])).toBe(true);
    const patched = await call(x, 'PATCH', `/v1/admin/participants/${C}`, x.adminToken, { active: false });
    expect(patched.status).toBe(200);
    await waitFor(async () => !(await canConnect(credentials[C])), {
      what: "deactivated C's credential to be refused",
    });
    const reissue = await call(x, 'POST', `/v1/admin/participants/${C}/kafka-credential`, x.adminToken);
    expect(reissue.status).toBe(409);
  });
});
