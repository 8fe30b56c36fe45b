import { Controller, Get, Param } from '@nestjs/common';
import { Access, type Caller } from '@cx/auth';
import type { Consignment, EvidenceBundle as EvidenceBundleShape } from '@cx/contracts';
import {
  BUNDLE_FORMAT,
  chainForBundle,
  type EvidenceBundle,
  ExchangeKeyring,
  kidOf,
  segmentsFor,
  signHead,
} from '@cx/evidence';
import { CachedParticipantDirectory } from '@cx/participants';
import {
  EvidenceStore,
  MessageEntity,
  MessageStore,
  PipelineStore,
  SignedInterchangeStore,
  SigningKeyStore,
  isPruned,
} from '@cx/persistence';
import { CurrentCaller } from '../auth';
import { problems } from '../problem';

/** `GET /v1/consignments/{ref}`: a consignment's parties, last event and timeline, for its parties and the admin. */
@Access('participant', 'admin')
@Controller('v1/consignments')
export class ConsignmentsController {
  constructor(
    private readonly store: PipelineStore,
    private readonly messages: MessageStore,
    private readonly participants: CachedParticipantDirectory,
    private readonly evidence: EvidenceStore,
    private readonly keys: SigningKeyStore,
    private readonly keyring: ExchangeKeyring,
    private readonly interchanges: SignedInterchangeStore,
  ) {}

  private async visible(caller: Caller, ref: string) {
    const consignment = (await this.store.consignments([ref])).get(ref);
    const visible =
      consignment && (caller.kind === 'admin' || consignment.parties.includes(caller.participant.id));
    if (!consignment || !visible) throw problems.notFound(`No consignment ${ref} that you may see.`);
    return consignment;
  }

  @Get(':ref')
  async get(@CurrentCaller() caller: Caller, @Param('ref') ref: string): Promise<Consignment> {
    const consignment = await this.visible(caller, ref);
    const timeline = await this.messages.timeline(ref);
    await this.participants.ensureFresh(consignment.parties);
    return {
      consignmentRef: ref,
      // A party deactivated since takes part no more (its keys stop working too); it is listed again if reactivated.
      parties: consignment.parties.filter((id) => this.participants.get(id)?.active),
      lastEvent: consignment.lastEvent,
      timeline: timelineOf(timeline),
    };
  }

  /**
   * The consignment's evidence bundle: the chain's segments from each of its entries to the nearest signed head, so
   * its cost does not grow with the exchange's history (see libs/evidence bundle.ts).
   */
  @Get(':ref/evidence')
  async bundle(@CurrentCaller() caller: Caller, @Param('ref') ref: string): Promise<EvidenceBundleShape> {
    await this.visible(caller, ref);
    const [messages, own] = await Promise.all([this.evidence.messages(ref), this.evidence.entriesOf(ref)]);
    if (own.length === 0) throw problems.notFound(`Consignment ${ref} has no routed message yet.`);
    const segments = await segmentsFor(own, (seq) => this.evidence.headFrom(seq));
    const chain = (await Promise.all(segments.map((s) => this.evidence.entries(s.from, s.head?.seq)))).flat();
    const heads = segments.flatMap((s) => (s.head ? [s.head.jws] : []));
    // Entries no periodic head covers yet end at the chain's last entry, signed now.
    const open = segments.at(-1)?.head === undefined ? chain.at(-1) : undefined;
    if (open)
      heads.push(
        await signHead(this.keyring, { seq: open.seq, hash: open.hash, signedAt: new Date().toISOString() }),
      );
    // A party reads the messages it sent or received, not the rest of the consignment (see chainForBundle).
    const viewer = caller.kind === 'admin' ? undefined : caller.participant.id;
    const shownChain = chainForBundle(chain, ref, viewer);
    const chained = new Set(shownChain.flatMap((e) => (e.body ? [e.body.messageId] : [])));
    const shown =
      viewer === undefined
        ? messages
        : messages.filter(
            (m) => chained.has(m.id) || m.sender === viewer || (m.recipients ?? []).includes(viewer),
          );
    const kids = shown.flatMap((m) => (m.jws ? [kidOf(m.jws) ?? ''] : []));
    // A message from a signed EDIFACT interchange: the bytes its sender's JWS covers.
    const interchanges = await this.interchanges.byHashes(shown.flatMap((m) => m.interchange ?? []));
    const bundle: EvidenceBundle = {
      format: BUNDLE_FORMAT,
      consignmentRef: ref,
      generatedAt: new Date().toISOString(),
      messages: shown.map((m) => ({
        id: m.id,
        envelope: m.envelope,
        ...(isPruned(m) ? { pruned: true as const } : {}),
        jws: m.jws,
        receipt: m.receipt,
        ...(m.interchange && interchanges.has(m.interchange)
          ? { interchange: interchanges.get(m.interchange) }
          : {}),
      })),
      participantKeys: [...(await this.keys.byKids(kids)).values()],
      chain: shownChain,
      heads,
      exchangeKeys: this.keyring.jwks(),
    };
    return bundle as unknown as EvidenceBundleShape;
  }
}

/** Every version in order; one a later message of the timeline replaced is no longer current. */
function timelineOf(rows: MessageEntity[]): Consignment['timeline'] {
  const replaced = new Set(rows.map((m) => m.supersedes));
  return rows.map((m) => ({
    id: m.id,
    type: m.type,
    sender: m.sender,
    time: m.receivedAt,
    ...(m.supersedes ? { supersedes: m.supersedes } : {}),
    current: !replaced.has(m.id),
  }));
}
