import {
  type ParticipantDirectory,
  type ValidatedMessage,
  validatedMessage,
  type Violation,
} from '@cx/contracts';
import { replacedId, type Replacing, type StoredVersion } from '@cx/routing';
import { kidOf, type ParticipantKey } from '@cx/evidence';
import type { MessageValidator } from './message-validator';
import { signatureViolation } from './signature';
import type { AcceptedDeclaration, ValidationContext } from './validation-context';

/** The participant register, brought up to date before a batch is judged. */
export interface CurrentParticipants extends ParticipantDirectory {
  ensureCurrent(): Promise<void>;
}

/** A declaration the exchange accepted and routed, as stored. */
export interface RoutedDeclaration {
  declarationNumber: string;
  sender: string;
  /** Everyone it was routed to. */
  recipients: readonly string[];
}

/** What stateful validation asks the exchange's database, one round trip per batch each; libs/persistence answers. */
export interface ValidationLookup {
  /** Routed customs.declaration messages among `messageIds`, by id. */
  routedDeclarations(messageIds: string[]): Promise<Map<string, RoutedDeclaration>>;
  /** The owners of the consignments among `refs` that have one, by ref. */
  consignmentOwners(refs: string[]): Promise<Map<string, string>>;
  /** The messages among `messageIds` as corrections and cancellations are judged against them, by id. */
  storedVersions(messageIds: string[]): Promise<Map<string, StoredVersion>>;
  /** The registered signing keys among `kids` (revoked ones included), by kid. */
  signingKeys(kids: string[]): Promise<Map<string, ParticipantKey>>;
}

/** An envelope as a channel received it: parsed, with its bytes. */
export interface ReceivedEnvelope {
  value: unknown;
  raw: Buffer;
  /** ISO 8601. */
  receivedAt: string;
  /** SHA-256 of `raw`, when the caller has it already. */
  contentHash?: string;
  /** The sender's detached JWS over `raw` (or over `interchange`), when it sent one. */
  jws?: string;
  /**
   * For a message translated from a UN/EDIFACT interchange that came with a JWS: the interchange's bytes, which the
   * JWS covers instead of `raw`, and their SHA-256 (a signed interchange holds one message).
   */
  interchange?: { bytes: Buffer; sha256: string };
}

/** The verdict on one envelope: the typed message when it passed, else every rule it broke. */
export type Judgement =
  { message: ValidatedMessage; violations: [] } | { message?: undefined; violations: Violation[] };

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

const replacedIdOf = (e: unknown): string[] => {
  if (typeof e !== 'object' || e === null) return [];
  const id = replacedId(e as Replacing);
  return id === undefined ? [] : [id];
};

/**
 * Validation with the exchange's state: before the synchronous rules run over a batch, the participants it names are
 * brought up to date and the declarations its decisions answer, the owners of the consignments its notes name and the
 * messages its corrections and cancellations name are loaded. What passes comes out as a ValidatedMessage: the only
 * place (with the router's reading of `cx.validated`) where received JSON becomes a typed message.
 */
export class StatefulValidation {
  constructor(
    private readonly participants: CurrentParticipants,
    private readonly lookup: ValidationLookup,
    private readonly validator: MessageValidator,
    /** The message types that must be signed (CX_SIGNATURE_REQUIRED). */
    private readonly signatureRequired: ReadonlySet<string> = new Set(),
  ) {}

  async judgeAll(received: ReceivedEnvelope[]): Promise<Judgement[]> {
    if (received.length === 0) return [];
    const context = await this.contextFor(received.map((r) => r.value));
    const keys = await this.lookup.signingKeys(
      unique(received.flatMap((r) => (r.jws === undefined ? [] : [kidOf(r.jws) ?? '']))),
    );
    const judgements: Judgement[] = [];
    for (const r of received) {
      const violations = this.validator.validate(r.value, context);
      // Only a message valid otherwise is worth a signature check (the sender and type are known then).
      const signature =
        violations.length === 0
          ? await signatureViolation(signed(r), keys, this.signatureRequired)
          : undefined;
      if (violations.length > 0 || signature)
        judgements.push({ violations: signature ? [signature] : violations });
      else {
        const message = validatedMessage(
          r.value,
          r.raw,
          r.receivedAt,
          r.contentHash,
          r.jws,
          r.interchange?.sha256,
        );
        judgements.push({ message, violations: [] });
      }
    }
    return judgements;
  }

  private async contextFor(envelopes: unknown[]): Promise<ValidationContext> {
    await this.participants.ensureCurrent();
    const declarations = await this.lookup.routedDeclarations(
      unique(envelopes.filter(isDecision).map((d) => d.correlationId)),
    );
    const owners = await this.lookup.consignmentOwners(
      unique(envelopes.filter(isNote).map((n) => n.consignmentRef)),
    );
    const versions = await this.lookup.storedVersions(unique(envelopes.flatMap(replacedIdOf)));
    return {
      now: new Date(),
      participants: this.participants,
      declarations: { find: (id) => this.accepted(declarations.get(id)) },
      consignments: { ownerOf: (ref) => owners.get(ref) },
      versions: { find: (id) => versions.get(id) },
    };
  }

  /** A decision is judged against the customs the declaration went to. */
  private accepted(d: RoutedDeclaration | undefined): AcceptedDeclaration | undefined {
    if (!d) return undefined;
    const customsRecipients = d.recipients.filter((id) => this.participants.get(id)?.role === 'customs');
    return { declarationNumber: d.declarationNumber, sender: d.sender, customsRecipients };
  }
}

const unique = (values: string[]): string[] => [...new Set(values)];

function signed(r: ReceivedEnvelope) {
  const e = r.value as { type: string; sender: string };
  const raw = r.interchange?.bytes ?? r.raw;
  return { type: e.type, sender: e.sender, raw, receivedAt: r.receivedAt, jws: r.jws };
}
