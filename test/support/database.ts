import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import type { Settings } from '@cx/config';

export interface TestDatabase {
  database: Settings['database'];
  /** The value for DATABASE_URL, or undefined for SQLite. */
  url: string | undefined;
  dataDir: string;
  drop(): Promise<void>;
}

/**
 * A fresh, empty database for one test file: a new PostgreSQL database when DATABASE_URL is set (the tests' server),
 * otherwise a new SQLite file in a temporary data folder.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cx-test-'));
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    return {
      database: { kind: 'sqlite', file: path.join(dataDir, 'corridor.sqlite') },
      url: undefined,
      dataDir,
      drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `cx_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    database: { kind: 'postgres', url: url.toString() },
    url: url.toString(),
    dataDir,
    drop: async () => {
      const c = new Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * An exchange secret as the migration created it (table exchange_secrets): what only the exchange's apps can read,
 * for tests that must know the ids it derives.
 */
export async function exchangeSecret(db: TestDatabase, name: string): Promise<Buffer> {
  const { DataSource } = await import('typeorm');
  const { dataSourceOptions, ExchangeSecretEntity } = await import('@cx/persistence');
  const ds = await new DataSource(dataSourceOptions(db.database)).initialize();
  try {
    const row = await ds.getRepository(ExchangeSecretEntity).findOneByOrFail({ name });
    return Buffer.from(row.value, 'hex');
  } finally {
    await ds.destroy();
  }
}
