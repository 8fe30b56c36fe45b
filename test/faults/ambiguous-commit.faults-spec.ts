/**
 * The router's transactions made ambiguous on purpose, one after another: a proxy that understands Kafka's framing
 * stands between the router and the broker and, at the moment a step of the transaction is in flight, cuts the
 * router's connection so that it cannot know whether that step happened. The hardest case holds the commit back
 * and lets it reach the broker only after the router has read its committed offsets again, as a coordinator that
 * completes a commit late (after a broker restart) does. Afterwards every recipient must hold each acknowledged
 * message exactly once (`read_committed`), in its consignment's order.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { saslEnv } from '../../libs/config/src/kafka-security';
import { LocalBroker, startLocalBroker } from '../../scripts/kafka/local-broker';
import { call, corpusMessage, deliverTopic, registerCorridor } from '../support/corridor';
import { createTestDatabase, TestDatabase } from '../support/database';
import { Exchange } from '../support/exchange';
import { freePorts } from '../support/free-port';
import { endTxnCommits, Interception, KafkaApi, KafkaProxy } from '../support/kafka-proxy';
import { TopicReader } from '../support/topic-reader';
import { waitFor } from '../support/wait';
import { audit } from './support/audit';

const TEMPLATE = corpusMessage('cargo.manifest/valid-ferry-aktau-alat');
const RECIPIENTS = ['AZ-CUSTOMS', 'AZ-PORT-BAKU', 'KZ-CUSTOMS', 'KZ-PORT-AKTAU'];
const ROUTER = /^cx-router$/;
const BATCH = 10;

interface Round {
  what: string;
  api: number;
  action: Interception;
}

const ROUNDS: Round[] = [
  { what: 'commit held until the router has read its offsets again', api: KafkaApi.EndTxn, action: 'late' },
  { what: 'commit applied, its answer lost', api: KafkaApi.EndTxn, action: 'applied' },
  { what: 'commit held until the router has read its offsets again', api: KafkaApi.EndTxn, action: 'late' },
  { what: 'commit never reaches the broker', api: KafkaApi.EndTxn, action: 'lost' },
  { what: 'offsets sent, their answer lost', api: KafkaApi.TxnOffsetCommit, action: 'applied' },
  { what: 'offsets added, their answer lost', api: KafkaApi.AddOffsetsToTxn, action: 'applied' },
  { what: 'partitions never added (before the produce)', api: KafkaApi.AddPartitionsToTxn, action: 'lost' },
  { what: 'a produce applied, its answer lost', api: KafkaApi.Produce, action: 'applied' },
  { what: 'commit held until the router has read its offsets again', api: KafkaApi.EndTxn, action: 'late' },
];

let dataDir: string;
let broker: LocalBroker;
let proxy: KafkaProxy;
let db: TestDatabase;
let x: Exchange;
let key: string;

const log = (line: string) => process.stdout.write(`[ambiguous-commit] ${line}\n`);

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cx-ambiguous-'));
  const [port, controllerPort, proxiedPort, proxyPort] = await freePorts(4);
  broker = await startLocalBroker({
    dataDir,
    port,
    controllerPort,
    fresh: true,
    log,
    proxied: { port: proxiedPort, advertisedPort: proxyPort },
  });
  proxy = await KafkaProxy.start(proxyPort, { host: '127.0.0.1', port: proxiedPort });
  // The test reads the topics straight from the broker; the apps reach it only through the proxy.
  process.env.KAFKA_BROKERS = broker.brokers.join(',');
  Object.assign(process.env, saslEnv(broker.credential));
  db = await createTestDatabase();
  x = await Exchange.start(db, ['validator', 'router', 'gateway'], {
    KAFKA_BROKERS: `127.0.0.1:${proxy.port}`,
  });
  x.supervise = true;
  key = (
    await registerCorridor(x).catch((err) => {
      throw new Error(`${(err as Error).message}\ngateway log:\n${x.tail('gateway', 60)}`);
    })
  )[TEMPLATE.sender];
}, 240_000);

afterAll(async () => {
  await x?.stop();
  await proxy?.close();
  await db?.drop();
  await broker?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Posts one batch and retries it (same ids) until every item is acknowledged. */
async function send(messages: Array<Record<string, unknown>>): Promise<void> {
  await waitFor(
    async () => {
      const res = await call(x, 'POST', '/v1/messages/batch', key, messages).catch(() => undefined);
      const results = res?.body.results as Array<{ httpStatus: number }> | undefined;
      return (
        res?.status === 200 && !!results && results.every((r) => r.httpStatus === 202 || r.httpStatus === 200)
      );
    },
    { timeoutMs: 120_000, intervalMs: 500, what: 'the gateway to acknowledge the batch' },
  );
}

it("delivers each message exactly once however the router's transactions end up ambiguous", async () => {
  const acked = new Map<string, string[]>();
  const refs = Array.from({ length: BATCH }, (_, i) => `AMBIGUOUS-${i}`);
  const reader = await TopicReader.open([...RECIPIENTS, TEMPLATE.sender].map((id) => deliverTopic(x, id)));
  const ackFor = (r: { json: Record<string, unknown> }) =>
    String((r.json.payload as { ackFor?: string } | undefined)?.ackFor ?? '');
  const allAcked = () => {
    const held = new Set(reader.on(deliverTopic(x, TEMPLATE.sender)).map(ackFor));
    return [...acked.values()].flat().every((id) => held.has(id));
  };
  const lateAnswers: number[] = [];
  try {
    for (const [i, round] of ROUNDS.entries()) {
      const intercepted = proxy.intercept({
        clientId: ROUTER,
        api: round.api,
        action: round.action,
        body: round.api === KafkaApi.EndTxn ? endTxnCommits : undefined,
      });
      const messages = refs.map((consignmentRef) => ({ ...TEMPLATE, id: randomUUID(), consignmentRef }));
      await send(messages);
      for (const m of messages) acked.set(m.consignmentRef, [...(acked.get(m.consignmentRef) ?? []), m.id]);
      const held = await intercepted;
      if (round.action === 'late') {
        // The router (this process or its successor) reads its committed offsets again: only now does the old
        // commit reach the broker. Had it read offsets that this commit then moved, it would route the batch twice.
        await proxy.waitFor({ clientId: ROUTER, api: KafkaApi.OffsetFetch, direction: 'response' }, held.seq);
        lateAnswers.push(await held.release());
      }
      await waitFor(allAcked, { timeoutMs: 180_000, what: `round ${i + 1}'s acks to reach the sender` });
      log(
        `round ${i + 1} (${round.what}): recovered; router restarts so far ${x.restarts.get('router') ?? 0}`,
      );
    }
    // Anything routed twice would be on the topics by now; give a late duplicate a moment to show.
    await new Promise((r) => setTimeout(r, 3_000));
    const audits = [
      ...RECIPIENTS.map((id) => audit(id, reader.on(deliverTopic(x, id)), acked, (r) => r.headers.ce_id)),
      audit(`${TEMPLATE.sender} (acks)`, reader.on(deliverTopic(x, TEMPLATE.sender)), acked, ackFor),
    ];
    for (const a of audits)
      log(`${a.recipient}: delivered ${a.delivered}, duplicated ${a.duplicated}, lost ${a.lost}`);
    log(`error codes of the late commits when they reached the broker: ${lateAnswers.join(', ')}`);
    for (const a of audits)
      expect({
        recipient: a.recipient,
        duplicated: a.duplicated,
        lost: a.lost,
        outOfOrder: a.outOfOrder,
      }).toEqual({ recipient: a.recipient, duplicated: 0, lost: 0, outOfOrder: [] });
    // A late commit must have been refused: the router fenced its earlier self before reading offsets again.
    expect(lateAnswers.every((code) => code !== 0)).toBe(true);
  } finally {
    await reader.close();
  }
}, 900_000);
