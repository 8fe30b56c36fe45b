import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import type { Settings } from '@cx/config';
import { ApiKeyEntity } from './entities/api-key.entity';
import { MessageEntity } from './entities/message.entity';
import { ParticipantEntity } from './entities/participant.entity';
import { ConsignmentEntity } from './entities/consignment.entity';
import { DeadLetterEntity } from './entities/dead-letter.entity';
import { DeliveryEntity } from './entities/delivery.entity';
import { SubscriptionEntity } from './entities/subscription.entity';
import { WebhookAttemptEntity } from './entities/webhook-attempt.entity';
import { InitialSchema1764000000000 } from './migrations/1764000000000-initial-schema';
import { RoutingTables1764000100000 } from './migrations/1764000100000-routing-tables';
import { Receiving1764000200000 } from './migrations/1764000200000-receiving';
import { Dashboard1764000300000 } from './migrations/1764000300000-dashboard';
import { ConsignmentOwner1764001000000 } from './migrations/1764001000000-consignment-owner';
import { Corrections1764002000000 } from './migrations/1764002000000-corrections';
import { SigningKeyEntity } from './entities/signing-key.entity';
import { ChainEntryEntity } from './entities/chain-entry.entity';
import { ChainHeadEntity } from './entities/chain-head.entity';
import { Evidence1764003000000 } from './migrations/1764003000000-evidence';
import { EdifactIdentity1764005000000 } from './migrations/1764005000000-edifact-identity';
import { EdifactSignatures1764006000000 } from './migrations/1764006000000-edifact-signatures';
import { SignedInterchangeEntity } from './entities/signed-interchange.entity';
import { ExchangeSecretEntity } from './entities/exchange-secret.entity';
import { NotifierLeases1764007000000 } from './migrations/1764007000000-notifier-leases';
import { FlatReads1764018000000 } from './migrations/1764018000000-flat-reads';
import { Retention1764019000000 } from './migrations/1764019000000-retention';

export const ENTITIES = [
  ParticipantEntity,
  ApiKeyEntity,
  MessageEntity,
  DeliveryEntity,
  ConsignmentEntity,
  DeadLetterEntity,
  SubscriptionEntity,
  WebhookAttemptEntity,
  SigningKeyEntity,
  ChainEntryEntity,
  ChainHeadEntity,
  SignedInterchangeEntity,
  ExchangeSecretEntity,
];
/** In order; the same list runs on PostgreSQL and SQLite. */
export const MIGRATIONS = [
  InitialSchema1764000000000,
  RoutingTables1764000100000,
  Receiving1764000200000,
  Dashboard1764000300000,
  ConsignmentOwner1764001000000,
  Corrections1764002000000,
  Evidence1764003000000,
  EdifactIdentity1764005000000,
  EdifactSignatures1764006000000,
  NotifierLeases1764007000000,
  FlatReads1764018000000,
  Retention1764019000000,
];

/** TypeORM options for the configured database. Schema changes go through MIGRATIONS only (no synchronize). */
export function dataSourceOptions(database: Settings['database']): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
  } as const;
  if (database.kind === 'postgres') {
    return {
      ...common,
      type: 'postgres',
      url: database.url,
      extra: { max: 10, connectionTimeoutMillis: 5000 },
    };
  }
  fs.mkdirSync(path.dirname(database.file), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: database.file,
    enableWAL: true,
    // Several processes share the file: wait for a lock instead of failing at once.
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      db.pragma('busy_timeout = 10000');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
    },
  };
}

export async function openDataSource(database: Settings['database']): Promise<DataSource> {
  return new DataSource(dataSourceOptions(database)).initialize();
}
