import { DataSource } from 'typeorm';
import {
  dataSourceOptions,
  InboxStore,
  migrate,
  RetentionPruner,
  RetentionStore,
  TrafficStore,
} from '@cx/persistence';
import { createTestDatabase, TestDatabase } from './support/database';
import {
  DELIVERIES_PER_MESSAGE,
  fill,
  HistoryShape,
  messageId,
  messageTime,
  participantId,
  seedParticipants,
} from './support/history';

/**
 * The retention policy on generated history (one message a second, five deliveries each): what the pruner removes,
 * what it keeps, what readers and the admin stats see after it, on the database the tests run on.
 */
const postgres = Boolean(process.env.DATABASE_URL);
const SHAPE: HistoryShape = { participants: 20, envelopeBytes: 64 };
const MESSAGES = 2000;
/** Messages before this one (and their deliveries) are past the cutoff. */
const FIRST_KEPT = 1000;
const DAYS = 30;
const NOW = new Date(new Date(messageTime(FIRST_KEPT)).getTime() + DAYS * 86_400_000);
const POLICY = { deliveriesDays: DAYS, bodiesDays: DAYS };
/** history.ts's business types, by (i + 1) / 2 % 5; even messages are acks, every 50th business message rejected. */
const TYPES = [
  'consignment.note',
  'transport.status',
  'cargo.manifest',
  'customs.declaration',
  'transport.status',
];

/** Whether message `i` keeps its body past the cutoff: a routed note or declaration nothing replaced. */
function stillRead(i: number): boolean {
  const business = Math.floor((i + 1) / 2);
  const type = i % 2 === 0 ? 'ack' : TYPES[business % TYPES.length];
  return business % 50 !== 0 && (type === 'consignment.note' || type === 'customs.declaration');
}

describe(`retention on ${postgres ? 'PostgreSQL' : 'SQLite'}`, () => {
  let db: TestDatabase;
  let ds: DataSource;

  const count = async (sql: string): Promise<number> =>
    Number(((await ds.query(sql)) as Array<{ n: number | string }>)[0].n);
  const blankBodies = () => count(`SELECT COUNT(*) AS n FROM messages WHERE envelope = ''`);
  const stats = async () => {
    const traffic = new TrafficStore(ds);
    return { outcomes: await traffic.outcomeCounts(), acks: await traffic.count('acks') };
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await new DataSource(dataSourceOptions(db.database)).initialize();
    await migrate(ds);
    await seedParticipants(ds, SHAPE);
    await fill(ds, SHAPE, 0, MESSAGES);
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('keeps the tally triggers through its migration (indexes only, no table rebuilt)', async () => {
    expect(await count(`SELECT SUM(change * n) AS n FROM tallies WHERE subject = 'messages'`)).toBe(MESSAGES);
  });

  it('deletes nothing under the default policy', async () => {
    const pruner = new RetentionPruner(new RetentionStore(ds), { deliveriesDays: 0, bodiesDays: 0 });
    expect(await pruner.run(NOW)).toEqual({ deliveries: 0, bodies: 0 });
    expect(await count('SELECT COUNT(*) AS n FROM deliveries')).toBe(MESSAGES * DELIVERIES_PER_MESSAGE);
    expect(await blankBodies()).toBe(0);
  });

  describe('past the cutoff', () => {
    const inbox = () => new InboxStore(ds);
    const reader = participantId(3);
    let statsBefore: Awaited<ReturnType<typeof stats>>;
    let chainBefore: number;
    let readerBefore: number;

    beforeAll(async () => {
      statsBefore = await stats();
      chainBefore = await count('SELECT COUNT(*) AS n FROM chain_entries');
      // A reader whose cursor is deep in what will be pruned: its next page after this one.
      readerBefore = (await inbox().page(reader, 0, 3, {}))[2].seq;
      // Two notifiers at once, in batches small enough that they interleave: each batch is idempotent.
      const [a, b] = [0, 1].map(() => new RetentionPruner(new RetentionStore(ds), POLICY, 100));
      const [ra, rb] = await Promise.all([a.run(NOW), b.run(NOW)]);
      expect(ra.deliveries + rb.deliveries).toBe((FIRST_KEPT - 1) * DELIVERIES_PER_MESSAGE);
    });

    it('deletes exactly the deliveries created before the cutoff', async () => {
      const kept = (MESSAGES - FIRST_KEPT + 1) * DELIVERIES_PER_MESSAGE;
      expect(await count('SELECT COUNT(*) AS n FROM deliveries')).toBe(kept);
      expect(await count('SELECT MIN(seq) AS n FROM deliveries')).toBe(
        (FIRST_KEPT - 1) * DELIVERIES_PER_MESSAGE + 1,
      );
      expect(await count(`SELECT MIN(created_at) >= '${messageTime(FIRST_KEPT)}' AS n FROM deliveries`)).toBe(
        1,
      );
    });

    it('blanks the bodies before the cutoff, but those routing still reads, and keeps every row', async () => {
      const old = Array.from({ length: FIRST_KEPT - 1 }, (_, k) => k + 1);
      expect(await blankBodies()).toBe(old.filter((i) => !stillRead(i)).length);
      expect(await count('SELECT COUNT(*) AS n FROM messages')).toBe(MESSAGES);
      const bodyOf = async (i: number) => {
        const [row] = (await ds.query(
          `SELECT envelope, status, sender FROM messages WHERE id = '${await messageId(ds, i)}'`,
        )) as Array<{
          envelope: string;
          status: string;
          sender: string;
        }>;
        return row;
      };
      expect(stillRead(3)).toBe(false); // a cargo.manifest
      expect(await bodyOf(3)).toEqual({ envelope: '', status: 'routed', sender: participantId(2) });
      expect(stillRead(9)).toBe(true); // a consignment note, current
      expect((await bodyOf(9)).envelope).toMatch(/^\{"payload"/);
      expect((await bodyOf(FIRST_KEPT + 1)).envelope).toMatch(/^\{"payload"/);
    });

    it('leaves the admin stats, the tallies and the evidence chain as they were', async () => {
      expect(await stats()).toEqual(statsBefore);
      expect(await count(`SELECT SUM(change * n) AS n FROM tallies WHERE subject = 'messages'`)).toBe(
        MESSAGES,
      );
      expect(await count('SELECT COUNT(*) AS n FROM chain_entries')).toBe(chainBefore);
    });

    it('continues a reader behind the cutoff from its oldest kept delivery', async () => {
      const [oldest] = await inbox().page(reader, 0, 1, {});
      expect(oldest.seq).toBeGreaterThan((FIRST_KEPT - 1) * DELIVERIES_PER_MESSAGE);
      expect(readerBefore).toBeLessThan(oldest.seq);
      const [next] = await inbox().page(reader, readerBefore, 1, {});
      expect(next).toEqual(oldest);
      expect(JSON.parse(next.envelope)).toHaveProperty('payload');
    });

    it('finds nothing more to prune on the next run', async () => {
      const pruner = new RetentionPruner(new RetentionStore(ds), POLICY);
      expect(await pruner.run(NOW)).toEqual({ deliveries: 0, bodies: 0 });
    });
  });
});
