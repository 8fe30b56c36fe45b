import { Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DeadLetterStore } from './dead-letter-store';
import { InboxStore } from './inbox-store';
import { MessageStore } from './message-store';
import { ParticipantStore } from './participant-store';
import { PipelineStore } from './routing-store';
import { SubscriptionStore } from './subscription-store';
import { TrafficStore } from './traffic-store';
import { StoredValidationLookup } from './validation-lookup';
import { SigningKeyStore } from './signing-key-store';
import { EvidenceStore } from './evidence-store';
import { ExchangeSecretStore } from './exchange-secret-store';
import { SignedInterchangeStore } from './signed-interchange-store';
import { RetentionStore } from './retention-store';

/** Each store is built once per app over its DataSource: its state on the database, nothing kept in memory. */
const STORES = [
  MessageStore,
  PipelineStore,
  InboxStore,
  SubscriptionStore,
  TrafficStore,
  DeadLetterStore,
  ParticipantStore,
  StoredValidationLookup,
  SigningKeyStore,
  EvidenceStore,
  ExchangeSecretStore,
  SignedInterchangeStore,
  RetentionStore,
];

/** The exchange's state as every app reads and writes it. */
@Global()
@Module({
  providers: STORES.map((store) => ({
    provide: store,
    inject: [DataSource],
    useFactory: (ds: DataSource) => new store(ds),
  })),
  exports: STORES,
})
export class StoresModule {}
