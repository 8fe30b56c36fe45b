/**
 * `npm run bench:data`: what each read costs as the history grows. Fills a PostgreSQL database of its own (created
 * on DATABASE_URL's server, or postgres://postgres@127.0.0.1:5432/test, and dropped at the end) with generated
 * history (test/support/history.ts: 5 deliveries a message, 40 messages a consignment, 200 participants) and, at each
 * size, times every participant-facing and admin read through the stores the apps use, then prints p50/p99 per size
 * with the goals. Options: --sizes=100k,1M,10M (deliveries; default 100k), --samples=200, --json.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { InboxStore, MessageStore, migrate, openDataSource, TrafficStore } from '../libs/persistence/src';
import { createTestDatabase } from '../test/support/database';
import {
  consignmentOf,
  DELIVERIES_PER_MESSAGE,
  fill,
  HistoryShape,
  messageTime,
  participantId,
  seedParticipants,
} from '../test/support/history';

const SHAPE: HistoryShape = { participants: 200, envelopeBytes: 1000 };
/** Messages written per statement while filling: progress is printed after each slice. */
const SLICE = 100_000;
const GOALS = { participantP99Ms: 50, statsP99Ms: 500, growth: 2 };

interface Read {
  name: string;
  participant: boolean;
  run(): Promise<unknown>;
}

function option(name: string, fallback: string): string {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  return arg ? arg.slice(name.length + 3) : fallback;
}

function count(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([kM]?)$/.exec(text.trim());
  if (!m) throw new Error(`not a size: ${text} (e.g. 100k, 1M)`);
  return Math.round(Number(m[1]) * ({ k: 1e3, M: 1e6 }[m[2]] ?? 1));
}

const random = (n: number) => Math.floor(Math.random() * n);
const idOf = (i: number) => {
  const h = createHash('md5').update(String(i)).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

/** The reads, each with fresh random arguments per call, over the first `messages` messages. */
function reads(ds: DataSource, messages: number): Read[] {
  const inbox = new InboxStore(ds);
  const store = new MessageStore(ds);
  const traffic = new TrafficStore(ds);
  const deliveries = messages * DELIVERIES_PER_MESSAGE;
  const someone = () => participantId(random(SHAPE.participants));
  const message = () => 1 + random(messages);
  return [
    {
      name: 'inbox page (100, from a random cursor)',
      participant: true,
      run: () => inbox.page(someone(), random(deliveries), 100, {}),
    },
    {
      name: 'SSE resume (50, from a random cursor)',
      participant: true,
      run: () => inbox.page(someone(), random(deliveries), 50, {}),
    },
    { name: "a participant's last seq", participant: true, run: () => inbox.lastSeq(someone()) },
    {
      name: 'GET /v1/messages/{id} (row, replacement)',
      participant: true,
      run: async () => {
        const id = idOf(message());
        return Promise.all([store.findOne(id), store.replacementOf(id)]);
      },
    },
    { name: 'consignment timeline', participant: true, run: () => store.timeline(consignmentOf(message())) },
    {
      name: 'watcher: which inboxes grew',
      participant: true,
      run: () => inbox.advancedSince(deliveries - 2000),
    },
    {
      name: 'admin: message detail (deliveries, acks)',
      participant: false,
      run: async () => {
        const id = idOf(message());
        return Promise.all([store.deliveries(id), store.acksOf(id)]);
      },
    },
    {
      name: 'admin search by ref',
      participant: false,
      run: () => store.search({ consignmentRef: consignmentOf(message()), limit: 50, offset: 0 }),
    },
    {
      name: 'admin search by sender',
      participant: false,
      run: () => store.search({ sender: someone(), limit: 50, offset: 0 }),
    },
    {
      name: 'admin search by time (1 hour)',
      participant: false,
      run: () => {
        const at = message();
        return store.search({ from: messageTime(at), to: messageTime(at + 3600), limit: 50, offset: 0 });
      },
    },
    {
      name: 'GET /v1/admin/stats (database reads)',
      participant: false,
      run: () =>
        Promise.all([
          traffic.outcomeCounts(),
          traffic.window(new Date(Date.now() - 3_600_000)),
          traffic.count('acks'),
          traffic.count('deadLetters'),
          traffic.activity(),
        ]),
    },
  ];
}

async function timed(read: Read, samples: number): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < 10; i++) await read.run();
  const ms: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = process.hrtime.bigint();
    await read.run();
    ms.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.ceil(q * ms.length) - 1)];
  return { p50: at(0.5), p99: at(0.99) };
}

async function main(): Promise<void> {
  const sizes = option('sizes', '100k')
    .split(',')
    .map(count)
    .sort((a, b) => a - b);
  const samples = Number(option('samples', '200'));
  process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test';
  const db = await createTestDatabase();
  const ds = await openDataSource(db.database);
  const results: Array<{ deliveries: number; reads: Record<string, { p50: number; p99: number }> }> = [];
  try {
    await migrate(ds);
    await seedParticipants(ds, SHAPE);
    let filled = 0;
    for (const size of sizes) {
      const messages = Math.ceil(size / DELIVERIES_PER_MESSAGE);
      const started = Date.now();
      while (filled < messages) {
        const to = Math.min(messages, filled + SLICE);
        await fill(ds, SHAPE, filled, to);
        filled = to;
        const s = ((Date.now() - started) / 1000).toFixed(0);
        console.log(
          `filled ${filled.toLocaleString()} messages, ${(filled * DELIVERIES_PER_MESSAGE).toLocaleString()} deliveries (${s} s)`,
        );
      }
      await ds.query('VACUUM ANALYZE');
      const row: Record<string, { p50: number; p99: number }> = {};
      for (const read of reads(ds, messages)) row[read.name] = await timed(read, samples);
      results.push({ deliveries: size, reads: row });
      console.log(`measured at ${size.toLocaleString()} deliveries (${samples} samples a read)`);
    }
  } finally {
    await ds.destroy();
    await db.drop();
  }
  print(results, reads(ds, 1));
  if (process.argv.includes('--json')) {
    const file = path.join(
      __dirname,
      'results',
      `data-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
    );
    fs.writeFileSync(file, JSON.stringify({ shape: SHAPE, samples, results }, null, 2));
    console.log(`written ${file}`);
  }
}

function print(
  results: Array<{ deliveries: number; reads: Record<string, { p50: number; p99: number }> }>,
  list: Read[],
): void {
  const f = (ms: number) => ms.toFixed(ms < 10 ? 2 : 1);
  const head = results.map((r) => `${r.deliveries.toLocaleString()} p50 / p99 ms`);
  console.log(`\n| read | ${head.join(' | ')} | p99 growth | goal |`);
  console.log(`| --- | ${head.map(() => '---').join(' | ')} | --- | --- |`);
  for (const read of list) {
    const cells = results.map((r) => `${f(r.reads[read.name].p50)} / ${f(r.reads[read.name].p99)}`);
    const first = results[0].reads[read.name].p99;
    const last = results[results.length - 1].reads[read.name].p99;
    const growth = last / first;
    const limit = read.participant
      ? GOALS.participantP99Ms
      : read.name.includes('stats')
        ? GOALS.statsP99Ms
        : undefined;
    const goals = [
      limit === undefined ? undefined : `p99 < ${limit} ms ${last < limit ? 'met' : 'MISSED'}`,
      results.length > 1
        ? `growth < ${GOALS.growth}× ${growth < GOALS.growth ? 'met' : 'MISSED'}`
        : undefined,
    ].filter(Boolean);
    console.log(`| ${read.name} | ${cells.join(' | ')} | ${growth.toFixed(2)}× | ${goals.join(', ')} |`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
