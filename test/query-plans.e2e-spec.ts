import { DataSource, Logger } from 'typeorm';
import {
  dataSourceOptions,
  EvidenceStore,
  emptyWrites,
  InboxStore,
  MessageEntity,
  MessageStore,
  migrate,
  ParticipantStore,
  PipelineStore,
  SubscriptionStore,
  TrafficStore,
} from '@cx/persistence';
import { createTestDatabase, TestDatabase } from './support/database';
import {
  consignmentOf,
  fill,
  HistoryShape,
  messageId,
  messageTime,
  participantId,
  seedParticipants,
} from './support/history';

/**
 * Every read the apps repeat on a timer, and every read a participant or an admin waits for, must read its own range
 * of an index, not a share of the whole history. The plans are those of the stores' own queries (recorded as they
 * run). On PostgreSQL each periodic read must also read no more rows once the history is ten times larger.
 */
const postgres = Boolean(process.env.DATABASE_URL);
const SHAPE: HistoryShape = { participants: 20, envelopeBytes: 64 };
const SMALL = 4_000; // messages: 20,000 deliveries
const LARGE = 10 * SMALL;
const P = participantId(3);
/** Tables that grow with history: never read whole. */
const HISTORY = [
  'messages',
  'deliveries',
  'chain_entries',
  'chain_heads',
  'webhook_attempts',
  'consignments',
];

interface Recorded {
  sql: string;
  params: unknown[];
}

class Recorder implements Logger {
  recording = false;
  queries: Recorded[] = [];
  logQuery(sql: string, params?: unknown[]): void {
    if (this.recording && /^\s*(SELECT|WITH)/i.test(sql)) this.queries.push({ sql, params: params ?? [] });
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

interface Read {
  name: string;
  periodic: boolean;
  run(): Promise<unknown>;
  /** SQLite walks the table backwards from its end and stops at LIMIT 1 (its plan says SCAN). */
  stopsAtLimit?: boolean;
}

describe(`query plans on ${postgres ? 'PostgreSQL' : 'SQLite'}`, () => {
  let db: TestDatabase;
  let ds: DataSource;
  const recorder = new Recorder();
  let reads: Read[];

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await new DataSource({
      ...dataSourceOptions(db.database),
      logging: ['query'],
      logger: recorder,
    }).initialize();
    await migrate(ds);
    await seedParticipants(ds, SHAPE);
    await fill(ds, SHAPE, 0, SMALL);
    reads = await readsOf(ds);
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  // Tables never analyzed (autovacuum off, or not run yet since a bulk load) have no statistics: PostgreSQL then
  // takes any range to hold a third of the table, and the watcher's range read every 250 ms became a scan of all
  // history (a one-hour soak: 0.3-0.9 s a poll at 3 M deliveries, by each app that watches). The watcher's reads must
  // stay on their index even so. (The other reads' LIMITs keep them on theirs once a table is large: a small one may
  // be read whole until it has statistics.) The statistics are gathered after, for the cases below.
  if (postgres)
    it("keeps the watcher's reads on their index before the tables have statistics", async () => {
      const scanning: string[] = [];
      for (const read of reads.filter((r) => r.name.startsWith('watcher:'))) {
        for (const q of await recorded(read)) {
          for (const scan of await historyScans(q))
            scanning.push(`${read.name}: ${String(scan['Relation Name'])} in ${q.sql}`);
        }
      }
      await ds.query('ANALYZE');
      expect(scanning).toEqual([]);
    });

  // First, at the small size, then ten times larger (where the plans below are checked too). SQLite tells no
  // rows read per plan node, and has no statistics to change its plans with size: its plans are what is checked.
  if (postgres)
    it('reads no more rows in a periodic query on a history ten times larger', async () => {
      const small = new Map<string, number>();
      for (const read of reads.filter((r) => r.periodic)) small.set(read.name, await rowsRead(read));
      await fill(ds, SHAPE, SMALL, LARGE);
      await ds.query('ANALYZE');
      reads = await readsOf(ds);
      for (const read of reads.filter((r) => r.periodic)) {
        const large = await rowsRead(read);
        expect({ read: read.name, rows: large }).toEqual({
          read: read.name,
          rows: Math.min(large, small.get(read.name)!),
        });
      }
    });

  it('reads every history table through an index range, never whole', async () => {
    for (const read of reads) {
      for (const q of await recorded(read)) {
        const where = `${read.name}: ${q.sql}`;
        if (postgres) {
          const scans = await historyScans(q);
          expect({ where, scans }).toEqual({ where, scans: [] });
        } else {
          const plan = await explainSqlite(q);
          // A subquery's rows (SCAN of its alias) and the small tables may be read whole.
          const derived = plan.flatMap((line) => /^(?:CO-ROUTINE|MATERIALIZE) (\S+)/.exec(line)?.[1] ?? []);
          const small = ['p', 'tallies', 'SubscriptionEntity', 'ParticipantEntity', ...derived];
          const full = plan.filter(
            (line) =>
              (!read.stopsAtLimit && /^SCAN /.test(line) && !small.includes(line.split(' ')[1])) ||
              /USE TEMP B-TREE FOR ORDER BY/.test(line),
          );
          expect({ where, plan: full }).toEqual({ where, plan: [] });
        }
      }
    }
  });

  it('keeps the tallies equal to a full count through inserts, routing, replays and conflicts', async () => {
    const pipeline = new PipelineStore(ds);
    const messages = new MessageStore(ds);
    const row = (id: string, status: 'accepted' | 'routed', hash = 'same') =>
      Object.assign(new MessageEntity(), {
        id,
        type: 'transport.status',
        version: '1.1',
        sender: P,
        consignmentRef: 'REF-T',
        status,
        receivedAt: new Date().toISOString(),
        contentHash: hash,
        envelope: '{}',
        errors: null,
        recipients: status === 'routed' ? [P] : null,
        correlationId: null,
        supersedes: null,
        routedFrom: status === 'routed' ? 'cx.validated:0:1' : null,
        routedAt: status === 'routed' ? new Date().toISOString() : null,
        jws: null,
        receipt: null,
      });
    const ids = ['10000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000002'];
    await messages.insertNew(ids.map((id) => row(id, 'accepted')));
    await messages.insertNew(ids.map((id) => row(id, 'accepted'))); // the gateway's retry: nothing new
    const routed = { ...emptyWrites(), messages: ids.map((id) => row(id, 'routed')) };
    await pipeline.write(routed);
    await pipeline.write(routed); // a replay after a crash
    await pipeline.write({ ...emptyWrites(), messages: [row(ids[0], 'accepted', 'other')] });
    const letter = {
      id: 'cx.inbound:0:7',
      reason: 'not JSON',
      value: 'x',
      recordKey: null,
      receivedAt: 'now',
    };
    const deadLetters = [{ ...letter, replayedAt: null, replayCount: 0, replayOf: null }];
    await pipeline.write({ ...emptyWrites(), deadLetters });
    await pipeline.write({ ...emptyWrites(), deadLetters });

    const traffic = new TrafficStore(ds);
    const counted = (await ds.query(
      `SELECT type, status AS outcome, COUNT(*) AS count FROM messages WHERE type <> 'ack' GROUP BY type, status`,
    )) as Array<{ type: string; outcome: string; count: string | number }>;
    const asNumbers = (rows: typeof counted) =>
      rows
        .map((r) => ({ ...r, count: Number(r.count) }))
        .sort((a, b) => (a.type + a.outcome).localeCompare(b.type + b.outcome));
    expect(asNumbers(await traffic.outcomeCounts())).toEqual(asNumbers(counted));
    const [acks] = (await ds.query(`SELECT COUNT(*) AS n FROM messages WHERE type = 'ack'`)) as Array<{
      n: string;
    }>;
    expect(await traffic.count('acks')).toBe(Number(acks.n));
    expect(await traffic.count('deadLetters')).toBe(1);
  });

  async function recorded(read: Read): Promise<Recorded[]> {
    recorder.queries = [];
    recorder.recording = true;
    try {
      await read.run();
    } finally {
      recorder.recording = false;
    }
    expect(recorder.queries.length).toBeGreaterThan(0);
    return recorder.queries;
  }

  async function rowsRead(read: Read): Promise<number> {
    let rows = 0;
    for (const q of await recorded(read)) {
      for (const n of nodes(await explainPostgres(q, true))) {
        if (n['Relation Name'] === undefined && n['Index Name'] === undefined) continue;
        const removed =
          Number(n['Rows Removed by Filter'] ?? 0) + Number(n['Rows Removed by Index Recheck'] ?? 0);
        rows += (Number(n['Actual Rows']) + removed) * Number(n['Actual Loops']);
      }
    }
    return rows;
  }

  /** The plan's sequential scans of a table that grows with history (PostgreSQL). */
  async function historyScans(q: Recorded): Promise<Array<Record<string, unknown>>> {
    return nodes(await explainPostgres(q, false)).filter(
      (n) => n['Node Type'] === 'Seq Scan' && HISTORY.includes(String(n['Relation Name'])),
    );
  }

  async function explainPostgres(q: Recorded, analyze: boolean): Promise<Record<string, unknown>> {
    const [row] = (await ds.query(
      `EXPLAIN (${analyze ? 'ANALYZE, ' : ''}FORMAT JSON) ${q.sql}`,
      q.params,
    )) as Array<{
      'QUERY PLAN': Array<{ Plan: Record<string, unknown> }>;
    }>;
    return row['QUERY PLAN'][0].Plan;
  }

  async function explainSqlite(q: Recorded): Promise<string[]> {
    const rows = (await ds.query(`EXPLAIN QUERY PLAN ${q.sql}`, q.params)) as Array<{ detail: string }>;
    return rows.map((r) => r.detail);
  }
});

function nodes(plan: Record<string, unknown>): Array<Record<string, unknown>> {
  const children = (plan.Plans as Array<Record<string, unknown>> | undefined) ?? [];
  return [plan, ...children.flatMap(nodes)];
}

/** The reads, against the history as it stands (cursors near its end, as a consumer that keeps up has them). */
async function readsOf(ds: DataSource): Promise<Read[]> {
  const inbox = new InboxStore(ds);
  const messages = new MessageStore(ds);
  const traffic = new TrafficStore(ds);
  const seqBack = async (back: number) => {
    const [row] = (await ds.query(
      `SELECT seq FROM deliveries WHERE participant_id = '${P}' ORDER BY seq DESC LIMIT 1 OFFSET ${back}`,
    )) as Array<{ seq: number | string }>;
    return Number(row.seq);
  };
  const [sinceLatest, cursor3, cursor150, id] = [
    (await inbox.globalLastSeq()) - 50,
    await seqBack(3),
    await seqBack(150),
    await messageId(ds, 101),
  ];
  const search = { limit: 50, offset: 0 };
  return [
    { name: 'watcher: which inboxes grew', periodic: true, run: () => inbox.advancedSince(sinceLatest) },
    { name: 'watcher: where it starts', periodic: true, run: () => inbox.globalLastSeq() },
    {
      name: "notifier: a subscription's next delivery",
      periodic: true,
      run: () => inbox.page(P, cursor3, 1, {}),
    },
    {
      name: 'notifier: due subscriptions',
      periodic: true,
      run: () => new SubscriptionStore(ds).due(new Date()),
    },
    {
      name: 'router: chain heads',
      periodic: true,
      stopsAtLimit: true,
      run: () => new EvidenceStore(ds).heads(),
    },
    { name: 'directory: stamp', periodic: true, run: () => new ParticipantStore(ds).stamp() },
    { name: 'stats: totals', periodic: true, run: () => traffic.outcomeCounts() },
    { name: 'stats: acks', periodic: true, run: () => traffic.count('acks') },
    { name: 'stats: dead letters', periodic: true, run: () => traffic.count('deadLetters') },
    { name: 'stats: window', periodic: true, run: () => traffic.window(new Date(Date.now() - 3_600_000)) },
    { name: 'stats: activity', periodic: true, run: () => traffic.activity() },
    { name: 'inbox page', periodic: false, run: () => inbox.page(P, cursor150, 100, {}) },
    {
      name: 'SSE resume, filtered',
      periodic: false,
      run: () => inbox.page(P, cursor150, 50, { types: ['transport.status'] }),
    },
    { name: "a participant's last seq", periodic: false, run: () => inbox.lastSeq(P) },
    { name: 'GET /v1/messages/{id}', periodic: false, run: () => messages.findOne(id) },
    { name: 'its replacement', periodic: false, run: () => messages.replacementOf(id) },
    { name: 'admin: its deliveries', periodic: false, run: () => messages.deliveries(id) },
    { name: 'admin: its acks', periodic: false, run: () => messages.acksOf(id) },
    { name: 'consignment timeline', periodic: false, run: () => messages.timeline(consignmentOf(101)) },
    {
      name: 'admin search by ref',
      periodic: false,
      run: () => messages.search({ ...search, consignmentRef: consignmentOf(101) }),
    },
    { name: 'admin search by sender', periodic: false, run: () => messages.search({ ...search, sender: P }) },
    {
      name: 'admin search by time',
      periodic: false,
      run: () => messages.search({ ...search, from: messageTime(1000), to: messageTime(1200) }),
    },
  ];
}
