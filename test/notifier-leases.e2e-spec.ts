import { DataSource } from 'typeorm';
import {
  migrate,
  openDataSource,
  ParticipantEntity,
  SubscriptionEntity,
  SubscriptionStore,
} from '@cx/persistence';
import { createTestDatabase, TestDatabase } from './support/database';

/** The notifiers' leases (libs/webhooks/src/lease.ts) as the database decides them: one owner at a time. */
describe(`notifier leases on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'}`, () => {
  let db: TestDatabase;
  let ds: DataSource;
  let store: SubscriptionStore;
  const now = new Date('2026-12-07T06:00:00.000Z');
  const at = (ms: number) => new Date(now.getTime() + ms);

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await openDataSource(db.database);
    await migrate(ds);
    store = new SubscriptionStore(ds);
    await ds.getRepository(ParticipantEntity).insert({
      id: 'GE-CUSTOMS',
      name: 'Georgia Revenue Service',
      role: 'customs',
      country: 'GE',
      locations: [],
      active: true,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    });
    await store.create(
      Object.assign(new SubscriptionEntity(), {
        id: '6f1c2a9e-0000-4000-8000-000000000001',
        participantId: 'GE-CUSTOMS',
        url: 'https://hooks.example/cx',
        secret: 'a-secret-long-enough',
        types: null,
        consignmentRef: null,
        status: 'active',
        format: 'json',
        cursor: 0,
        consecutiveFailures: 0,
        nextAttemptAt: null,
        pausedReason: null,
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
      }),
    );
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const id = '6f1c2a9e-0000-4000-8000-000000000001';

  it('gives a subscription to one of several notifiers racing for it, and to no other while the lease runs', async () => {
    const owners = ['a', 'b', 'c', 'd', 'e', 'f'];
    const won = await Promise.all(owners.map((o) => store.lease(id, o, now, at(30_000))));
    expect(won.filter(Boolean)).toHaveLength(1);
    const owner = owners[won.indexOf(true)];
    expect(await store.findById(id)).toMatchObject({
      leaseOwner: owner,
      leaseUntil: at(30_000).toISOString(),
    });
    // Its owner renews it; another cannot take it before it ends.
    expect(await store.lease(id, owner, at(10_000), at(40_000))).toBe(true);
    const another = owners.find((o) => o !== owner)!;
    expect(await store.lease(id, another, at(39_999), at(60_000))).toBe(false);
    // Once it ended (its owner died), another takes it over.
    expect(await store.lease(id, another, at(40_001), at(70_000))).toBe(true);
    expect(await store.lease(id, owner, at(40_002), at(70_000))).toBe(false);
    // Given up at shutdown: anyone may take it at once.
    await store.releaseLeases(another);
    expect(await store.findById(id)).toMatchObject({ leaseOwner: null, leaseUntil: null });
    expect(await store.lease(id, owner, at(40_003), at(70_000))).toBe(true);
  });
});
