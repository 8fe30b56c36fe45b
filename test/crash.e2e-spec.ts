import { randomUUID } from 'node:crypto';
import { call, corpusMessage, deliverTopic, registerCorridor } from './support/corridor';
import { createTestDatabase, TestDatabase } from './support/database';
import { Exchange } from './support/exchange';
import { TopicReader } from './support/topic-reader';

const RECIPIENTS = ['AZ-CUSTOMS', 'AZ-PORT-BAKU', 'KZ-CUSTOMS', 'KZ-PORT-AKTAU'];

describe('a crash of the router mid-stream', () => {
  let db: TestDatabase;
  let x: Exchange;
  let keys: Record<string, string>;
  let reader: TopicReader;

  beforeAll(async () => {
    db = await createTestDatabase();
    x = await Exchange.start(db);
    keys = await registerCorridor(x);
    reader = await TopicReader.open([...RECIPIENTS, 'AZ-CARRIER-ASCO'].map((id) => deliverTopic(x, id)));
  });

  afterAll(async () => {
    await reader?.close();
    await x?.stop();
    await db?.drop();
  });

  it('loses and duplicates nothing: every read_committed recipient holds every accepted message exactly once', async () => {
    const base = corpusMessage('cargo.manifest/valid-ferry-aktau-alat');
    const accepted: string[] = [];
    const send = async (batches: number) => {
      for (let b = 0; b < batches; b++) {
        const batch = Array.from({ length: 50 }, (_, i) => ({
          ...base,
          id: randomUUID(),
          consignmentRef: `CRASH-${b % 7}-${i % 5}`,
        }));
        const res = await call(x, 'POST', '/v1/messages/batch', keys[base.sender], batch);
        expect(res.status).toBe(200);
        for (const r of res.body.results as Array<{ id: string; httpStatus: number }>) {
          if (r.httpStatus === 202) accepted.push(r.id);
        }
      }
    };

    await send(4);
    // Kill the router while it is routing: as soon as the first deliveries are visible, not before.
    await reader.waitFor((rs) => rs.length > 0, 'the first deliveries');
    await x.kill('router', 'SIGKILL');
    await send(4);
    x.spawn('router');
    await send(2);

    const perTopic = (id: string) => reader.on(deliverTopic(x, id)).map((r) => r.headers.ce_id);
    await reader.waitFor(
      () => RECIPIENTS.every((id) => new Set(perTopic(id)).size >= accepted.length),
      `${accepted.length} deliveries to each recipient`,
      120_000,
    );
    expect(accepted).toHaveLength(500);
    for (const id of RECIPIENTS) {
      const got = perTopic(id);
      expect(got.length).toBe(accepted.length); // no duplicate
      expect(new Set(got)).toEqual(new Set(accepted)); // nothing lost
    }
    const acks = reader
      .on(deliverTopic(x, base.sender))
      .map((r) => (r.json.payload as { ackFor: string }).ackFor);
    await reader.waitFor(
      () => reader.on(deliverTopic(x, base.sender)).length >= accepted.length,
      'every ack',
    );
    expect(new Set(acks).size).toBe(acks.length);
  });
});

describe('rate limit', () => {
  let db: TestDatabase;
  let x: Exchange;

  beforeAll(async () => {
    db = await createTestDatabase();
    x = await Exchange.start(db, undefined, { CX_RATE_LIMIT: '5' });
  });

  afterAll(async () => {
    await x?.stop();
    await db?.drop();
  });

  it('answers 429 with Retry-After once a participant is over its rate', async () => {
    const key = (await registerCorridor(x))['KZ-RAIL-KTZ'];
    const status = corpusMessage('transport.status/valid-departed-altynkol');
    // All at once, so that the bucket (10 = two seconds' worth) cannot refill much while they are answered.
    const responses = await Promise.all(
      Array.from({ length: 40 }, () =>
        fetch(`${x.gatewayUrl}/v1/messages`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ ...status, id: randomUUID() }),
        }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 202).length).toBeGreaterThanOrEqual(10);
    expect(statuses.every((s) => s === 202 || s === 429)).toBe(true);
    const limited = responses.find((r) => r.status === 429);
    expect(limited).toBeDefined();
    expect(limited!.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });
});
