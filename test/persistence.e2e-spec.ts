import { DataSource } from 'typeorm';
import {
  MIGRATIONS,
  migrate,
  openDataSource,
  ParticipantEntity,
  SubscriptionEntity,
  SubscriptionStore,
} from '@cx/persistence';
import { createTestDatabase, TestDatabase } from './support/database';

describe(`migrations on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await openDataSource(db.database);
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('applies every migration to an empty database, and none twice', async () => {
    expect(await migrate(ds)).toEqual(MIGRATIONS.map((m) => new m().name));
    expect(await migrate(ds)).toEqual([]);
    for (const table of [
      'participants',
      'api_keys',
      'messages',
      'deliveries',
      'consignments',
      'dead_letters',
      'subscriptions',
      'webhook_attempts',
    ]) {
      expect(await ds.createQueryRunner().hasTable(table)).toBe(true);
    }
  });

  it('stores and reads back an entity through the migrated schema', async () => {
    const repo = ds.getRepository(ParticipantEntity);
    const now = new Date().toISOString();
    await repo.insert({
      id: 'GE-RAIL-GR',
      name: 'საქართველოს რკინიგზა',
      role: 'rail',
      country: 'GE',
      locations: ['GETBS', 'GEPTI'],
      active: true,
      createdAt: now,
      updatedAt: now,
    });
    const back = await repo.findOneByOrFail({ id: 'GE-RAIL-GR' });
    expect(back).toMatchObject({ name: 'საქართველოს რკინიგზა', locations: ['GETBS', 'GEPTI'], active: true });
  });

  it('leases a subscription to one notifier at a time, taken over only once it ran out; the cursor moves only under it', async () => {
    const now = new Date();
    await ds.getRepository(SubscriptionEntity).insert({
      id: '00000000-0000-4000-8000-000000000001',
      participantId: 'GE-RAIL-GR',
      url: 'http://127.0.0.1:1/hook',
      secret: 'a-secret-long-enough-for-the-test',
      types: null,
      consignmentRef: null,
      status: 'active',
      cursor: 0,
      consecutiveFailures: 0,
      nextAttemptAt: null,
      pausedReason: null,
      leaseOwner: null,
      leaseUntil: null,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    });
    const store = new SubscriptionStore(ds);
    const id = '00000000-0000-4000-8000-000000000001';
    const at = (ms: number) => new Date(now.getTime() + ms);
    // Both instances ask at once: exactly one gets it.
    const taken = await Promise.all([
      store.lease(id, 'a', now, at(20_000)),
      store.lease(id, 'b', now, at(20_000)),
    ]);
    expect(taken.filter(Boolean)).toHaveLength(1);
    const [holder, other] = taken[0] ? ['a', 'b'] : ['b', 'a'];
    expect((await store.due(now, other)).map((s) => s.id)).toEqual([]);
    expect((await store.due(now, holder)).map((s) => s.id)).toEqual([id]);
    await store.advance(id, 3, undefined, now, other);
    await store.advance(id, 2, undefined, now, holder);
    expect((await store.findById(id))?.cursor).toBe(2);
    expect(await store.lease(id, holder, at(1000), at(21_000))).toBe(true);
    expect(await store.lease(id, other, at(20_999), at(40_000))).toBe(false);
    expect(await store.lease(id, other, at(21_001), at(40_000))).toBe(true);
    expect((await store.due(at(21_001), holder)).map((s) => s.id)).toEqual([]);
    await store.releaseLeases(other);
    expect(await store.lease(id, holder, at(21_002), at(41_000))).toBe(true);
  });

  it('serialises concurrent migration runs from several processes', async () => {
    const fresh = await createTestDatabase();
    const sources = await Promise.all([1, 2, 3].map(() => openDataSource(fresh.database)));
    try {
      const applied = await Promise.all(sources.map((s) => migrate(s)));
      expect(applied.flat()).toHaveLength(MIGRATIONS.length);
    } finally {
      await Promise.all(sources.map((s) => s.destroy()));
      await fresh.drop();
    }
  });

  it('reverts every migration', async () => {
    for (let i = 0; i < MIGRATIONS.length; i++) await ds.undoLastMigration();
    expect(await ds.createQueryRunner().hasTable('participants')).toBe(false);
  });
});
