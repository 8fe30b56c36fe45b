import * as fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';

// Any constant works; it only has to be the same in every process of the exchange.
const PG_MIGRATION_LOCK = 61_347_001;
const SQLITE_LOCK_STALE_MS = 120_000;

/**
 * Runs pending migrations once even when several apps start together: PostgreSQL serialises them with an advisory
 * lock, SQLite with a lock file beside the database.
 */
export async function migrate(ds: DataSource): Promise<string[]> {
  if (ds.options.type === 'postgres') return withPostgresLock(ds, () => runPending(ds));
  return withLockFile(`${String(ds.options.database)}.migrate.lock`, () => runPending(ds));
}

async function runPending(ds: DataSource): Promise<string[]> {
  const done = await ds.runMigrations({ transaction: 'each' });
  return done.map((m) => m.name);
}

async function withPostgresLock<T>(ds: DataSource, work: () => Promise<T>): Promise<T> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [PG_MIGRATION_LOCK]);
    return await work();
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [PG_MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}

async function withLockFile<T>(file: string, work: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const age = Date.now() - (fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > SQLITE_LOCK_STALE_MS) fs.rmSync(file, { force: true });
      else await sleep(100);
    }
  }
  try {
    return await work();
  } finally {
    fs.rmSync(file, { force: true });
  }
}
