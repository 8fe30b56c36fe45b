/**
 * Fault suite (`npm run test:faults`): under steady load through both doors (the HTTP batch endpoint and an
 * operator's producer on its own cx.inbound.<sender>, with its own Kafka credential), a fault is injected; afterwards
 * every acknowledged message must be on every recipient's topic exactly once (`read_committed`) and in its consignment's order, and the gateway must have said
 * 503, never 202, for what it could not store. The suite runs a Kafka broker of its own (it stops it) and reaches
 * PostgreSQL through a TCP proxy it can cut. It prints the counts of each case.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { saslEnv } from '../../libs/config/src/kafka-security';
import { LocalBroker, startLocalBroker } from '../../scripts/kafka/local-broker';
import { call, corpusMessage, registerCorridor } from '../support/corridor';
import { createTestDatabase, TestDatabase } from '../support/database';
import { Exchange } from '../support/exchange';
import { freePorts } from '../support/free-port';
import { TcpProxy } from '../support/tcp-proxy';
import { expectNothingLost, FaultContext, STEADY_MS, underLoad } from './support/under-load';

const TEMPLATE = corpusMessage('cargo.manifest/valid-ferry-aktau-alat');
const RECIPIENTS = ['AZ-CUSTOMS', 'AZ-PORT-BAKU', 'KZ-CUSTOMS', 'KZ-PORT-AKTAU'];
const BROKER_DOWN_MS = 20_000;
/** After the long outage, four crashes of the broker, each down this long before it starts again. */
const SHORT_BROKER_DOWN_MS = [1_000, 3_000, 2_000, 1_000];
const DATABASE_DOWN_MS = 10_000;
/** A case waits for recovery (up to 3 min) and for the deliveries (up to 3 min more) before it audits. */
const CASE_TIMEOUT_MS = 900_000;

let dataDir: string;
let brokerOptions: Parameters<typeof startLocalBroker>[0];
let broker: LocalBroker;
let db: TestDatabase;
let proxy: TcpProxy | undefined;
let x: Exchange;
let key: string;
let operator: FaultContext['operator'];

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
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
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

const context = (): FaultContext => ({ x, template: TEMPLATE, key, operator, recipients: RECIPIENTS, log });

describe('the fault suite', () => {
  it(
    'loses and duplicates nothing when the validator and the router are killed with SIGKILL mid-batch',
    async () => {
      const result = await underLoad(context(), 'kill', async () => {
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
      const result = await underLoad(context(), 'broker', async () => {
        await broker.stop();
        log(`broker stopped; restarting it in ${BROKER_DOWN_MS / 1000} s`);
        await sleep(BROKER_DOWN_MS);
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
    },
    CASE_TIMEOUT_MS,
  );

  const withPostgres = process.env.DATABASE_URL ? it : undefined;
  withPostgres?.(
    'answers 503 while PostgreSQL is unreachable for 10 s, and loses and duplicates nothing once it is back',
    async () => {
      const result = await underLoad(context(), 'database', async () => {
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
