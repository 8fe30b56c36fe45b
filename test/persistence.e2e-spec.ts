import { DataSource } from 'typeorm';
import { MIGRATIONS, migrate, openDataSource, ParticipantEntity } from '@cx/persistence';
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
