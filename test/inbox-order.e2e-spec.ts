import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  DeadLetterEntity,
  emptyWrites,
  InboxStore,
  MessageEntity,
  migrate,
  openDataSource,
  PipelineStore,
  PipelineWrites,
} from '@cx/persistence';
import { createTestDatabase, TestDatabase } from './support/database';
import { waitFor } from './support/wait';

const RECIPIENT = 'GE-CUSTOMS';
const POSTGRES = Boolean(process.env.DATABASE_URL);
// SQLite serialises writers (and better-sqlite3 blocks its thread while waiting for the lock): one writer there.
const WRITERS = POSTGRES ? 4 : 1;
const ROUNDS = 30;
const PER_BATCH = 20;

function deadLetter(id: string): DeadLetterEntity {
  return Object.assign(new DeadLetterEntity(), {
    id,
    reason: 'test',
    value: '',
    recordKey: null,
    receivedAt: new Date().toISOString(),
    replayedAt: null,
  });
}

function batch(): PipelineWrites {
  const w = emptyWrites();
  const now = new Date().toISOString();
  for (let i = 0; i < PER_BATCH; i++) {
    const id = randomUUID();
    const envelope = JSON.stringify({ id, type: 'transport.status' });
    w.messages.push(
      Object.assign(new MessageEntity(), {
        id,
        type: 'transport.status',
        version: '1.0',
        sender: 'GE-RAIL-GR',
        consignmentRef: 'R-1',
        status: 'routed',
        receivedAt: now,
        contentHash: id,
        envelope,
        errors: null,
        recipients: [RECIPIENT],
        correlationId: null,
        routedFrom: null,
      }),
    );
    w.deliveries.push({
      participantId: RECIPIENT,
      messageId: id,
      type: 'transport.status',
      consignmentRef: 'R-1',
      createdAt: now,
    });
  }
  return w;
}

/**
 * Several routers' transactions insert deliveries at once while a reader pages by `seq > cursor`: the reader must
 * end up with every delivery, none skipped. On PostgreSQL this holds only because delivery inserts commit in seq
 * order (PipelineStore's advisory lock); without it a later seq can commit first and the reader pages past an
 * earlier one that is still in flight.
 */
describe(`inbox paging under concurrent writers on ${POSTGRES ? 'PostgreSQL' : 'SQLite'}`, () => {
  let db: TestDatabase;
  const sources: DataSource[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    for (let i = 0; i <= WRITERS; i++) sources.push(await openDataSource(db.database));
    await migrate(sources[0]);
  });

  afterAll(async () => {
    for (const ds of sources) await ds.destroy();
    await db?.drop();
  });

  it('a reader paging while writers commit sees every delivery exactly once', async () => {
    const inbox = new InboxStore(sources[0]);
    let writing = true;
    const writers = sources.slice(1).map(async (ds) => {
      const store = new PipelineStore(ds);
      for (let r = 0; r < ROUNDS; r++) await store.write(batch());
    });
    const paged: number[] = [];
    const reader = (async () => {
      let cursor = 0;
      for (;;) {
        const done = !writing;
        const page = await inbox.page(RECIPIENT, cursor, 7, {});
        paged.push(...page.map((i) => i.seq));
        if (page.length > 0) cursor = page[page.length - 1].seq;
        else if (done) return;
      }
    })();
    await Promise.all(writers);
    writing = false;
    await reader;
    const all = (await inbox.page(RECIPIENT, 0, 100_000, {})).map((i) => i.seq);
    expect(all).toHaveLength(WRITERS * ROUNDS * PER_BATCH);
    expect(paged).toEqual(all);
  });

  // Deterministic on PostgreSQL, where the hazard lives (SQLite has a single writer at a time, so there is no
  // interleaving to arrange): batch A draws its seqs and then stalls, uncommitted, while batch B, drawn later,
  // tries to commit. Without the advisory lock B's rows become visible first and a reader pages past A's.
  if (POSTGRES) {
    it('a batch drawn later never becomes visible before an earlier one that is still in flight', async () => {
      const inbox = new InboxStore(sources[0]);
      const cursor = (await inbox.page(RECIPIENT, 0, 100_000, {})).map((i) => i.seq).pop() ?? 0;
      const blocker = sources[0].createQueryRunner();
      await blocker.connect();
      await blocker.startTransaction();
      // An uncommitted row A will also insert: A waits for this transaction after inserting its deliveries.
      await blocker.manager.insert(DeadLetterEntity, deadLetter('stall'));
      const waiting = async () =>
        Number(
          (
            await sources[0].query(
              "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
            )
          )[0].n,
        );
      const a = new PipelineStore(sources[1]).write({ ...batch(), deadLetters: [deadLetter('stall')] });
      await waitFor(async () => (await waiting()) >= 1, { what: 'batch A to stall' });
      let bCommitted = false;
      const b = new PipelineStore(sources[2]).write(batch()).then(() => (bCommitted = true));
      await waitFor(async () => bCommitted || (await waiting()) >= 2, { what: 'batch B to commit or wait' });
      const seenWhileAStalls = (await inbox.page(RECIPIENT, cursor, 100_000, {})).map((i) => i.seq);
      await blocker.rollbackTransaction();
      await blocker.release();
      await Promise.all([a, b]);
      const readerCursor =
        seenWhileAStalls.length > 0 ? seenWhileAStalls[seenWhileAStalls.length - 1] : cursor;
      const seenAfter = (await inbox.page(RECIPIENT, readerCursor, 100_000, {})).map((i) => i.seq);
      const all = (await inbox.page(RECIPIENT, cursor, 100_000, {})).map((i) => i.seq);
      expect(all).toHaveLength(2 * PER_BATCH);
      expect(bCommitted).toBe(true);
      expect([...seenWhileAStalls, ...seenAfter]).toEqual(all);
    });
  }
});
