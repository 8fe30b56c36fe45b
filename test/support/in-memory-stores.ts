/**
 * In-memory stand-ins for the database stores the pipeline's services use, for unit specs that run those services with
 * the real libs (validation, routing, row factories, the participant directory) and fake only the I/O.
 */
import type { Participant } from '@cx/contracts';
import type { ParticipantKey } from '@cx/evidence';
import { CachedParticipantDirectory } from '@cx/participants';
import type {
  ConsignmentEntity,
  DeadLetterEntity,
  DeliveryEntity,
  MessageEntity,
  MessageStore,
  PipelineStore,
  PipelineWrites,
} from '@cx/persistence';
import { storedVersion } from '@cx/persistence';
import type { StoredVersion } from '@cx/routing';
import {
  MessageValidator,
  type RoutedDeclaration,
  StatefulValidation,
  type ValidationLookup,
} from '@cx/validation';
import { loadParticipants } from '../fixtures/corpus';

/** The messages, deliveries, consignments and dead letters tables, with the stores' write semantics. */
export class InMemoryDatabase implements ValidationLookup {
  readonly messages = new Map<string, MessageEntity>();
  readonly consignmentRows = new Map<string, ConsignmentEntity>();
  readonly deliveries: Array<Omit<DeliveryEntity, 'seq'>> = [];
  readonly deadLetters = new Map<string, DeadLetterEntity>();

  /** As MessageStore (findByIds, insertNew). */
  get messageStore(): MessageStore {
    return this as unknown as MessageStore;
  }

  /** As PipelineStore (consignments, write). */
  get pipelineStore(): PipelineStore {
    return this as unknown as PipelineStore;
  }

  async findByIds(ids: string[]): Promise<Map<string, MessageEntity>> {
    return new Map(
      ids.flatMap((id) => (this.messages.has(id) ? [[id, this.messages.get(id)!] as const] : [])),
    );
  }

  async insertNew(rows: MessageEntity[]): Promise<void> {
    for (const row of rows) if (!this.messages.has(row.id)) this.messages.set(row.id, row);
  }

  async consignments(refs: string[]): Promise<Map<string, ConsignmentEntity>> {
    return new Map(
      refs.flatMap((r) => (this.consignmentRows.has(r) ? [[r, this.consignmentRows.get(r)!] as const] : [])),
    );
  }

  /** First writer wins for messages (a row changes only into the same content further along); deliveries once each. */
  async write(w: PipelineWrites): Promise<void> {
    for (const row of w.messages) {
      const stored = this.messages.get(row.id);
      if (!stored || stored.contentHash === row.contentHash) this.messages.set(row.id, row);
    }
    for (const c of w.consignments) this.consignmentRows.set(c.ref, c);
    for (const d of w.deliveries) {
      const known = this.deliveries.some(
        (x) => x.participantId === d.participantId && x.messageId === d.messageId,
      );
      if (!known) this.deliveries.push(d);
    }
    for (const d of w.deadLetters) if (!this.deadLetters.has(d.id)) this.deadLetters.set(d.id, d);
  }

  async routedDeclarations(ids: string[]): Promise<Map<string, RoutedDeclaration>> {
    const found = new Map<string, RoutedDeclaration>();
    for (const row of (await this.findByIds(ids)).values()) {
      if (row.type !== 'customs.declaration' || row.status !== 'routed') continue;
      const payload = (JSON.parse(row.envelope) as { payload: { declarationNumber: string } }).payload;
      found.set(row.id, {
        declarationNumber: payload.declarationNumber,
        sender: row.sender,
        recipients: row.recipients ?? [],
      });
    }
    return found;
  }

  /** The signing_keys table, by kid. */
  readonly signingKeyRows = new Map<string, ParticipantKey>();

  async signingKeys(kids: string[]): Promise<Map<string, ParticipantKey>> {
    return new Map(
      kids.flatMap((k) => (this.signingKeyRows.has(k) ? [[k, this.signingKeyRows.get(k)!] as const] : [])),
    );
  }

  async consignmentOwners(refs: string[]): Promise<Map<string, string>> {
    const rows = [...(await this.consignments(refs)).values()];
    return new Map(rows.filter((r) => r.owner).map((r) => [r.ref, r.owner!]));
  }

  /** As loadStoredVersions (one level of a correction chain: `latest` is the direct replacement). */
  async storedVersions(ids: string[]): Promise<Map<string, StoredVersion>> {
    const all = [...this.messages.values()];
    return new Map(
      [...(await this.findByIds(ids)).values()].map((row) => {
        const v = storedVersion(row, all);
        return [row.id, { ...v, ...(v.replacedBy ? { latest: v.replacedBy.id } : {}) }] as const;
      }),
    );
  }

  async currentNotes(refs: string[]): Promise<MessageEntity[]> {
    const all = [...this.messages.values()].filter((m) => m.status === 'routed');
    const replaced = new Set(all.map((m) => m.supersedes));
    return all.filter(
      (m) => refs.includes(m.consignmentRef) && m.type === 'consignment.note' && !replaced.has(m.id),
    );
  }
}

/** The real participant directory over the corpus's participants (or others) instead of the participants table. */
export async function participantDirectory(
  participants: Participant[] = loadParticipants(),
): Promise<CachedParticipantDirectory> {
  const directory = new CachedParticipantDirectory({
    stamp: async () => String(participants.length),
    all: async () => participants,
  });
  await directory.refresh();
  return directory;
}

/** Stateful validation as the apps run it, over the in-memory database. */
export const statefulValidation = (
  directory: CachedParticipantDirectory,
  db: InMemoryDatabase,
  signatureRequired: ReadonlySet<string> = new Set(),
) => new StatefulValidation(directory, db, new MessageValidator(), signatureRequired);
