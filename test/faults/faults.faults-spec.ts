/**
 * Fault suite (`npm run test:faults`): under steady load through both doors (the HTTP batch endpoint and an
 * operator's producer on its own cx.inbound.<sender>, with its own Kafka credential), a fault is injected; afterwards
 * every acknowledged message must be on every recipient's topic exactly once (`read_committed`) and in its consignment's order, and the gateway must have said
 * 503, never 202, for what it could not store. The suite runs a Kafka broker of its own (it stops it) and reaches
 * PostgreSQL through a TCP proxy it can cut. It prints the counts of each case.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { saslEnv } from '../../libs/config/src/kafka-security';
import { LocalBroker, startLocalBroker } from '../../scripts/kafka/local-broker';
import { chainProblems } from '../support/chain-audit';
import { call, corpusMessage, deliverTopic, registerCorridor } from '../support/corridor';
import { createTestDatabase, TestDatabase } from '../support/database';
import { Exchange } from '../support/exchange';
import { freePorts } from '../support/free-port';
import { testKafka } from '../support/kafka-client';
import { TcpProxy } from '../support/tcp-proxy';
import { TopicReader } from '../support/topic-reader';
import { waitFor } from '../support/wait';
import { audit, auditLine, RecipientAudit } from './support/audit';
import { FaultLoad } from './support/load';

const TEMPLATE = corpusMessage('cargo.manifest/valid-ferry-aktau-alat');
const RECIPIENTS = ['AZ-CUSTOMS', 'AZ-PORT-BAKU', 'KZ-CUSTOMS', 'KZ-PORT-AKTAU'];
const BROKER_DOWN_MS = 20_000;
/** After the long outage, four crashes of the broker, each down this long before it starts again. */
const SHORT_BROKER_DOWN_MS = [1_000, 3_000, 2_000, 1_000];
const DATABASE_DOWN_MS = 10_000;
/** Load runs this long before a fault and after recovery. */
const STEADY_MS = 4_000;
/** A case waits for recovery (up to 3 min) and for the deliveries (up to 3 min more) before it audits. */
const CASE_TIMEOUT_MS = 900_000;

let dataDir: string;
let brokerOptions: Parameters<typeof startLocalBroker>[0];
let broker: LocalBroker;
let db: TestDatabase;
let proxy: TcpProxy | undefined;
let x: Exchange;
let key: string;
let operator: ConstructorParameters<typeof FaultLoad>[4];

const log = (line: string) => process.stdout.write(`[faults] ${line}\n`);

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cx-faults-'));
  // A broker of this suite alone, on ports of its own: stopping it disturbs no other test.
  const [port, controllerPort] = await freePorts(2);
  brokerOptions = { dataDir, port, controllerPort, fresh: true, log };
  broker = await startLocalBroker(brokerOptions);
  process.env.KAFKA_BROKERS = broker.brokers.join(',');
  Object.assign(process.env, saslEnv(broker.credential));

  db = await createTestDatabase();
  let target = db;
  if (db.url) {
    const url = new URL(db.url);
    proxy = await TcpProxy.start({ host: url.hostname, port: Number(url.port || 5432) });
    url.host = `127.0.0.1:${proxy.port}`;
    target = { ...db, url: url.toString() };
  }
  x = await Exchange.start(target, ['validator', 'router', 'gateway'], {
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    CX_RATE_LIMIT: '100000',
  });
  x.supervise = true;
  key = (await registerCorridor(x))[TEMPLATE.sender];
  const issued = await call(
    x,
    'POST',
    `/v1/admin/participants/${TEMPLATE.sender}/kafka-credential`,
    x.adminToken,
  );
  if (issued.status !== 201)
    throw new Error(`Kafka credential: ${issued.status} ${JSON.stringify(issued.body)}`);
  operator = {
    sasl: { mechanism: 'scram-sha-512', username: TEMPLATE.sender, password: issued.body.password as string },
    topic: `${x.topicPrefix}.inbound.${TEMPLATE.sender}`,
  };
}, 240_000);

afterAll(async () => {
  await x?.stop();
  await proxy?.close();
  await db?.drop();
  await broker?.stop();
  // CX_FAULTS_KEEP_DATA keeps the broker's log directories, to read with kafka.tools.DumpLogSegments after a failure.
  if (dataDir && process.env.CX_FAULTS_KEEP_DATA) log(`broker data kept in ${dataDir}`);
  else if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

afterEach(() => {
  const restarts = [...x.restarts].map(([app, n]) => `${app} ${n}`).join(', ');
  if (restarts) log(`apps restarted by the supervisor so far: ${restarts}`);
  for (const app of ['validator', 'router'] as const) {
    const why = (x.logs.get(app) ?? []).filter((l) => /exiting so that|could not recover|exited \(/.test(l));
    if (why.length) log(`${app}: ${why.slice(-4).join(' | ')}`);
  }
  const replaced = (x.logs.get('gateway') ?? []).filter((l) => /replacing the producer/.test(l)).length;
  if (replaced) log(`the gateway replaced its Kafka producer ${replaced} times so far`);
});

/** A record on cx.inbound that is not an envelope, once it is a dead letter: its id. */
async function makeDeadLetter(): Promise<string> {
  const producer = testKafka('faults-dead-letter').producer();
  await producer.connect();
  const garbage = `not an envelope ${randomUUID()}`;
  await producer.send({ topic: `${x.topicPrefix}.inbound`, acks: -1, messages: [{ value: garbage }] });
  await producer.disconnect();
  let id: string | undefined;
  await waitFor(
    async () => {
      const page = await call(x, 'GET', '/v1/admin/dlq?limit=100', x.adminToken);
      id = (page.body.items as Array<{ id: string; preview: string }>).find((d) => d.preview === garbage)?.id;
      return id !== undefined;
    },
    { what: 'the garbage record to become a dead letter' },
  );
  return id!;
}

/**
 * Runs load, injects the fault, waits for the exchange to be healthy again, lets the load go on a while, then audits
 * every recipient's topic and the sender's acks.
 */
async function underLoad(tag: string, fault: () => Promise<void>) {
  const load = new FaultLoad(x, TEMPLATE, key, tag, operator);
  await load.start();
  await sleep(STEADY_MS);
  const faultStart = Date.now();
  await fault();
  const faultEnd = Date.now();
  await x.waitReady(180_000);
  await sleep(STEADY_MS);
  await load.stop();

  const topics = [...RECIPIENTS, TEMPLATE.sender].map((id) => deliverTopic(x, id));
  const reader = await TopicReader.open(topics);
  const acked = load.ackedIds();
  try {
    const holds = (id: string) =>
      new Set(
        reader.on(deliverTopic(x, id)).map((r) => (id === TEMPLATE.sender ? ackFor(r) : r.headers.ce_id)),
      );
    const complete = () =>
      [...RECIPIENTS, TEMPLATE.sender].every((id) => {
        const held = holds(id);
        return acked.every((m) => held.has(m));
      });
    await waitFor(complete, {
      timeoutMs: 180_000,
      what: `every recipient to hold ${acked.length} messages`,
    }).catch((err) => log(`${(err as Error).message}: auditing what is there`));
    // Anything processed twice would be on the topics by now; give a late duplicate a moment to show.
    await sleep(2_000);
    const audits: RecipientAudit[] = [
      ...RECIPIENTS.map((id) =>
        audit(id, reader.on(deliverTopic(x, id)), load.acked, (r) => r.headers.ce_id),
      ),
      audit(`${TEMPLATE.sender} (acks)`, reader.on(deliverTopic(x, TEMPLATE.sender)), load.acked, ackFor),
    ];
    const c = load.counts;
    log(
      `${tag}: sent ${c.sent}, acknowledged ${c.acknowledged}, answered 503 ${c.unavailable}, ` +
        `failed attempts ${c.failedAttempts}, unexpected ${c.unexpected.length}; fault lasted ` +
        `${((faultEnd - faultStart) / 1000).toFixed(1)} s`,
    );
    if (c.unexpected.length > 0 || c.acknowledged < c.sent)
      log(`gateway log (last lines):\n${x.tail('gateway', 40)}`);
    for (const a of audits) log(auditLine(a));
    // The evidence chain stays linear, gap-free and complete through the fault.
    const chain = await chainProblems(db);
    log(
      `  evidence chain: ${chain.entries} entries, ${chain.problems.length} problems ${chain.problems.join('; ')}`,
    );
    expect(chain.problems).toEqual([]);
    return { load, audits };
  } finally {
    await reader.close();
  }
}

function ackFor(r: { json: Record<string, unknown> }): string {
  return String((r.json.payload as { ackFor?: string } | undefined)?.ackFor ?? '');
}

function expectNothingLost({ load, audits }: Awaited<ReturnType<typeof underLoad>>) {
  expect(load.counts.unexpected).toEqual([]);
  expect(load.counts.acknowledged).toBeGreaterThan(0);
  // Everything sent was acknowledged in the end: the load retries what was refused with 503.
  expect(load.counts.acknowledged).toBe(load.counts.sent);
  for (const a of audits) {
    expect({
      recipient: a.recipient,
      lost: a.lost,
      duplicated: a.duplicated,
      outOfOrder: a.outOfOrder,
    }).toEqual({
      recipient: a.recipient,
      lost: 0,
      duplicated: 0,
      outOfOrder: [],
    });
    expect(a.delivered).toBe(load.counts.acknowledged);
  }
}

describe('the fault suite', () => {
  it(
    'loses and duplicates nothing when the validator and the router are killed with SIGKILL mid-batch',
    async () => {
      const result = await underLoad('kill', async () => {
        for (let round = 0; round < 2; round++) {
          await x.kill('validator', 'SIGKILL');
          await x.kill('router', 'SIGKILL');
          log(`validator and router killed (round ${round + 1})`);
          x.spawn('validator');
          x.spawn('router');
          await x.waitReady(120_000);
          await sleep(1_500);
        }
      });
      expectNothingLost(result);
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'answers 503 while the broker is down, 20 s once and then killed four times mid-transaction, and loses and duplicates nothing',
    async () => {
      const deadLetter = await makeDeadLetter();
      let whileDown: Array<{ status: number; retryAfter: string | null }> = [];
      const result = await underLoad('broker', async () => {
        await broker.stop();
        log(`broker stopped; restarting it in ${BROKER_DOWN_MS / 1000} s`);
        const downSince = Date.now();
        // A single submission and a dead letter's replay are refused too (503: nothing was stored).
        whileDown = await Promise.all([
          call(x, 'POST', '/v1/messages', key, { ...TEMPLATE, id: randomUUID() }),
          call(x, 'POST', `/v1/admin/dlq/${encodeURIComponent(deadLetter)}/replay`, x.adminToken),
        ]).then((answers) => answers.map(({ status, retryAfter }) => ({ status, retryAfter })));
        await sleep(Math.max(0, BROKER_DOWN_MS - (Date.now() - downSince)));
        broker = await startLocalBroker({ ...brokerOptions, fresh: false });
        log('broker restarted');
        // Then short outages with a crash: under load the router and validator have a transaction in flight at any
        // moment, so each kill leaves one whose outcome they cannot know.
        for (const downMs of SHORT_BROKER_DOWN_MS) {
          await x.waitReady(180_000);
          await sleep(STEADY_MS);
          await broker.stop('SIGKILL');
          log(`broker killed; restarting it in ${downMs / 1000} s`);
          await sleep(downMs);
          broker = await startLocalBroker({ ...brokerOptions, fresh: false });
          log('broker restarted');
        }
      });
      expectNothingLost(result);
      // The gateway refused with 503 while it could not write.
      expect(result.load.counts.unavailable).toBeGreaterThan(0);
      expect(whileDown).toEqual([
        { status: 503, retryAfter: expect.any(String) },
        { status: 503, retryAfter: expect.any(String) },
      ]);
    },
    CASE_TIMEOUT_MS,
  );

  const withPostgres = process.env.DATABASE_URL ? it : undefined;
  withPostgres?.(
    'answers 503 while PostgreSQL is unreachable for 10 s, and loses and duplicates nothing once it is back',
    async () => {
      const result = await underLoad('database', async () => {
        proxy!.cut();
        log(`PostgreSQL cut off; back in ${DATABASE_DOWN_MS / 1000} s`);
        await sleep(DATABASE_DOWN_MS);
        proxy!.restore();
        log('PostgreSQL reachable again');
      });
      expectNothingLost(result);
    },
    CASE_TIMEOUT_MS,
  );
});
