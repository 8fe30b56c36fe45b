import { DataSource, In } from 'typeorm';
import type { Violation } from '@cx/contracts';
import type { AcceptedDeclaration, MessageValidator, ValidationContext } from '@cx/validation';
import { ConsignmentEntity } from './entities/consignment.entity';
import { MessageEntity } from './entities/message.entity';
import { CachedParticipantDirectory } from './participant-directory';

const isDecision = (e: unknown): e is { type: 'customs.decision'; correlationId: string } =>
  typeof e === 'object' &&
  e !== null &&
  (e as { type?: unknown }).type === 'customs.decision' &&
  typeof (e as { correlationId?: unknown }).correlationId === 'string';

const isNote = (e: unknown): e is { type: 'consignment.note'; consignmentRef: string } =>
  typeof e === 'object' &&
  e !== null &&
  (e as { type?: unknown }).type === 'consignment.note' &&
  typeof (e as { consignmentRef?: unknown }).consignmentRef === 'string';

/**
 * Validation with the exchange's state: before the synchronous rules run over a batch, the participants it names are
 * refreshed and the declarations its decisions answer are loaded, in one round trip each.
 */
export class StatefulValidation {
  constructor(
    private readonly ds: DataSource,
    private readonly participants: CachedParticipantDirectory,
    private readonly validator: MessageValidator,
  ) {}

  async validateAll(envelopes: unknown[]): Promise<Violation[][]> {
    if (envelopes.length === 0) return [];
    const context = await this.contextFor(envelopes);
    return envelopes.map((e) => this.validator.validate(e, context));
  }

  private async contextFor(envelopes: unknown[]): Promise<ValidationContext> {
    await this.participants.ensureCurrent();
    const declarations = await this.declarations(envelopes.filter(isDecision).map((d) => d.correlationId));
    const owners = await this.owners(envelopes.filter(isNote).map((n) => n.consignmentRef));
    return {
      now: new Date(),
      participants: this.participants,
      declarations: { find: (id) => declarations.get(id) },
      consignments: { ownerOf: (ref) => owners.get(ref) },
    };
  }

  /** The owners of the consignments that notes name (the router checks again, for notes judged at the same time). */
  private async owners(refs: string[]): Promise<Map<string, string>> {
    if (refs.length === 0) return new Map();
    const rows = await this.ds.getRepository(ConsignmentEntity).findBy({ ref: In([...new Set(refs)]) });
    return new Map(rows.filter((r) => r.owner).map((r) => [r.ref, r.owner!]));
  }

  /** Declarations the exchange accepted and routed, by message id, with the customs they went to. */
  private async declarations(ids: string[]): Promise<Map<string, AcceptedDeclaration>> {
    const found = new Map<string, AcceptedDeclaration>();
    if (ids.length === 0) return found;
    const rows = await this.ds
      .getRepository(MessageEntity)
      .findBy({ id: In([...new Set(ids)]), type: 'customs.declaration', status: 'routed' });
    for (const row of rows) {
      const payload = (JSON.parse(row.envelope) as { payload?: { declarationNumber?: string } }).payload;
      found.set(row.id, {
        declarationNumber: String(payload?.declarationNumber ?? ''),
        sender: row.sender,
        customsRecipients: (row.recipients ?? []).filter(
          (id) => this.participants.get(id)?.role === 'customs',
        ),
      });
    }
    return found;
  }
}
