import type { Message } from '@cx/contracts';
import type { MessageEntity, PipelineStore } from '@cx/persistence';
import { replacedId, type StoredVersion } from '@cx/routing';

type Note = Message<'consignment.note'>;

/**
 * The stored versions a batch's corrections and cancellations name and the declarations its decisions answer, kept
 * current while the batch is routed (a message routed earlier in the batch may be corrected later in it, two
 * corrections of one version may meet, a decision may meet a correction of its declaration), and the current notes of
 * the consignments they touch, from which those consignments' parties are recomputed.
 */
export class BatchVersions {
  private constructor(
    private readonly versions: Map<string, StoredVersion>,
    private readonly notes: Map<string, Map<string, Note>>,
  ) {}

  static async load(store: PipelineStore, envelopes: readonly Message[]): Promise<BatchVersions> {
    const replacing = envelopes.filter((e) => replacedId(e) !== undefined);
    const decided = envelopes.flatMap((e) =>
      e.type === 'customs.decision' && e.correlationId ? [e.correlationId] : [],
    );
    if (replacing.length + decided.length === 0) return new BatchVersions(new Map(), new Map());
    const versions = await store.storedVersions([...replacing.map((e) => replacedId(e)!), ...decided]);
    const notes = new Map<string, Map<string, Note>>();
    for (const e of replacing) notes.set(e.consignmentRef, new Map());
    for (const row of await store.currentNotes([...notes.keys()])) {
      notes.get(row.consignmentRef)?.set(row.id, JSON.parse(row.envelope) as Note);
    }
    return new BatchVersions(versions, notes);
  }

  find(id: string): StoredVersion | undefined {
    return this.versions.get(id);
  }

  /** `e` was routed to `recipients`, replacing `replaced` if it is a correction or cancellation. */
  routed(e: Message, recipients: string[], replaced: StoredVersion | undefined): void {
    this.versions.set(e.id, { ...versionOf(e, 'routed'), recipients });
    if (e.type === 'customs.decision' && e.correlationId) {
      const declaration = this.versions.get(e.correlationId);
      if (declaration) declaration.decided = true;
    }
    const notes = this.notes.get(e.consignmentRef);
    if (e.type === 'consignment.note') notes?.set(e.id, e);
    if (!replaced) return;
    notes?.delete(replaced.id);
    replaced.replacedBy = { id: e.id, type: e.type };
    if (e.type === 'message.cancellation') return;
    for (const v of this.versions.values()) {
      if (v.replacedBy && (v.latest ?? v.replacedBy.id) === replaced.id) v.latest = e.id;
    }
    replaced.latest = e.id;
  }

  rejected(e: Message): void {
    if (!this.versions.has(e.id)) this.versions.set(e.id, versionOf(e, 'rejected'));
  }

  /** The notes that make the consignment `ref` now, when a replacement in this batch touched it. */
  currentNotes(ref: string): Note[] {
    return [...(this.notes.get(ref)?.values() ?? [])];
  }
}

const versionOf = (e: Message, status: MessageEntity['status']): StoredVersion => ({
  id: e.id,
  type: e.type,
  sender: e.sender,
  consignmentRef: e.consignmentRef,
  status,
  recipients: [],
  decided: false,
});
