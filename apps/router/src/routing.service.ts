import { Inject, Injectable } from '@nestjs/common';
import { ackIdAvoiding, ackIdFor, buildAck, fallbackAckIdFor, Violation } from '@cx/contracts';
import { SETTINGS, Settings, TopicNames, topicsOf } from '@cx/config';
import { ExchangeKeyring, signReceipt } from '@cx/evidence';
import {
  ConsumedRecord,
  deliveryRecord,
  OutgoingRecord,
  readValidated,
  TopicCache,
  ValidatedRecord,
} from '@cx/kafka';
import { CachedParticipantDirectory } from '@cx/participants';
import {
  ackRow,
  ConsignmentEntity,
  deliveryRow,
  emptyWrites,
  MessageEntity,
  messageRow,
  MessageStore,
  PipelineStore,
  PipelineWrites,
} from '@cx/persistence';
import {
  CANCELLATION,
  consignmentOwnerViolation,
  decisionOnReplacedDeclaration,
  ownerAfter,
  replacedId,
  replacementViolations,
  routeMessage,
  type RoutingContext,
  type StoredVersion,
} from '@cx/routing';
import { BatchVersions } from './batch-versions';
import { eventSummary } from './consignment-event';

interface BatchState {
  known: Map<string, MessageEntity>;
  consignments: Map<string, ConsignmentEntity>;
  versions: BatchVersions;
  writes: PipelineWrites;
  out: OutgoingRecord[];
  now: Date;
}

/**
 * Routes validated messages: computes recipients (libs/routing), writes one delivery per recipient and the ack to the
 * sender, and records message, deliveries and the consignment's parties. The Kafka outputs are committed with the
 * consumed offsets by the transport, after the database writes here, so a crash in between repeats both, harmlessly.
 */
@Injectable()
export class RoutingService {
  private readonly topics: TopicNames;

  constructor(
    @Inject(SETTINGS) settings: Settings,
    private readonly participants: CachedParticipantDirectory,
    private readonly messages: MessageStore,
    private readonly store: PipelineStore,
    private readonly topicCache: TopicCache,
    private readonly keyring: ExchangeKeyring,
  ) {
    this.topics = topicsOf(settings);
  }

  async route(records: ConsumedRecord[]): Promise<OutgoingRecord[]> {
    const now = new Date();
    const validated = records.map((r) => readValidated(r, now));
    const envelopes = validated.map((v) => v.message.envelope);
    const state: BatchState = {
      known: await this.messages.findByIds(
        validated.flatMap(({ message: { envelope: e }, position }) => [
          e.id,
          ackIdFor(e.id),
          fallbackAckIdFor(e.id, position),
          e.correlationId ?? '',
        ]),
      ),
      consignments: await this.store.consignments(envelopes.map((e) => e.consignmentRef)),
      versions: await BatchVersions.load(this.store, envelopes),
      writes: emptyWrites(),
      out: [],
      now,
    };
    await this.participants.ensureCurrent();
    for (const v of validated) await this.routeOne(v, state);
    await this.topicCache.ensureFor(state.out);
    await this.store.write(state.writes);
    return state.out;
  }

  /**
   * When this very record was routed before: a crash or failed commit between the database write and the Kafka commit
   * makes the router read it again. Its answer is then rebuilt at the recorded time, so the ack, the receipt
   * (Ed25519 signs deterministically) and the routing time sent now are the bytes the inbox, the chain and the
   * evidence already hold, not a second version of them.
   */
  private routedBefore({ message, position }: ValidatedRecord, s: BatchState): Date | undefined {
    const e = message.envelope;
    const ack = [ackIdFor(e.id), fallbackAckIdFor(e.id, position)]
      .map((id) => s.known.get(id))
      .find((row) => row?.type === 'ack' && row.correlationId === e.id && row.routedFrom === position);
    return ack?.routedAt ? new Date(ack.routedAt) : undefined;
  }

  private async routeOne(v: ValidatedRecord, s: BatchState): Promise<void> {
    const { message, position } = v;
    const e = message.envelope;
    const at = this.routedBefore(v, s) ?? s.now;
    const previous = s.known.get(e.id);
    if (previous) {
      // First writer wins: an id already used for other content (any sender, any path, an ack's id included) is
      // refused, with an ack of its own, and the stored message is left as it is.
      if (previous.contentHash !== message.contentHash) {
        const error = {
          path: '/id',
          message: 'This id was already used for a different message.',
          rule: 'id.unique',
        };
        const receipt = await this.receipt(v, at, 'rejected', []);
        const ackId = fallbackAckIdFor(e.id, position);
        return this.ack(v, s, at, 'rejected', { errors: [error], ackId }, receipt);
      }
      // The same message from another record (a producer's retry): decided once already.
      if (previous.routedFrom && previous.routedFrom !== position) return;
    }
    const consignment = s.consignments.get(e.consignmentRef);
    // Checked here too: two notes under one new ref may both have passed validation before either was routed.
    const foreign = consignmentOwnerViolation(e, consignment?.owner);
    if (foreign) return this.refuse(v, s, at, [foreign]);
    // Decided here, in the consignment's order: what the door checked may have changed since (a racing correction).
    const target = replacedId(e);
    const replaced = target === undefined ? undefined : s.versions.find(target);
    const wrong = replacementViolations(e, replaced, false);
    if (wrong.length > 0) return this.refuse(v, s, at, wrong);
    const stale = e.correlationId
      ? decisionOnReplacedDeclaration(e, s.versions.find(e.correlationId))
      : undefined;
    if (stale) return this.refuse(v, s, at, [stale]);
    const declaration = e.correlationId ? s.known.get(e.correlationId) : undefined;
    const ctx: RoutingContext = {
      participants: this.participants,
      consignmentParties: consignment?.parties ?? [],
      declarant: declaration?.type === 'customs.declaration' ? declaration.sender : undefined,
      replaced: replaced?.recipients,
    };
    const routed = routeMessage(e, ctx);
    const replaces = target === undefined ? undefined : { id: target, cancelled: e.type === CANCELLATION };
    const receipt = await this.receipt(v, at, 'accepted', routed.recipients);
    const signatures = { jws: message.jws, interchange: message.interchange, receipt };
    for (const r of routed.recipients) {
      s.out.push(deliveryRecord(this.topics.deliver(r), e, message.raw, { replaces, signatures }));
      s.writes.deliveries.push(deliveryRow(r, e, at));
    }
    const outcome = {
      status: 'routed',
      recipients: routed.recipients,
      from: position,
      at,
      receipt,
    } as const;
    this.record(messageRow(message, outcome), s);
    s.versions.routed(e, routed.recipients, replaced);
    this.updateConsignment(message, this.partiesAfter(e, replaced, routed.parties, ctx, s), s);
    this.ack(v, s, at, 'accepted', { recipients: routed.recipients }, receipt);
  }

  /**
   * The consignment's parties after `e`: a note adds its own; a correction or cancellation of a note makes them anew
   * from the notes that are current now, so a party only the old version named is one no more.
   */
  private partiesAfter(
    e: ValidatedRecord['message']['envelope'],
    replaced: StoredVersion | undefined,
    parties: string[] | undefined,
    ctx: RoutingContext,
    s: BatchState,
  ): { parties: string[] | undefined; anew: boolean } {
    if (replaced?.type !== 'consignment.note') return { parties, anew: false };
    const current = s.versions.currentNotes(e.consignmentRef);
    return { parties: current.flatMap((n) => routeMessage(n, ctx).parties ?? []), anew: true };
  }

  /** A message valid on its own that the exchange's state refuses: recorded as rejected, and a rejected ack. */
  private async refuse(v: ValidatedRecord, s: BatchState, at: Date, errors: Violation[]): Promise<void> {
    s.versions.rejected(v.message.envelope);
    const receipt = await this.receipt(v, at, 'rejected', []);
    this.record(messageRow(v.message, { status: 'rejected', errors, from: v.position }), s);
    this.ack(v, s, at, 'rejected', { errors }, receipt);
  }

  /** The exchange's signed receipt of a message: one signature, carried by its ack and each of its deliveries. */
  private receipt(
    { message }: ValidatedRecord,
    at: Date,
    outcome: 'accepted' | 'rejected',
    recipients: string[],
  ): Promise<string> {
    const e = message.envelope;
    return signReceipt(this.keyring, {
      messageId: e.id,
      contentHash: message.contentHash,
      sender: e.sender,
      receivedAt: message.receivedAt,
      recipients,
      outcome,
      ...(message.interchange ? { interchange: message.interchange } : {}),
      signedAt: at.toISOString(),
    });
  }

  private record(row: MessageEntity, s: BatchState): void {
    s.writes.messages.push(row);
    s.known.set(row.id, row);
  }

  private ack(
    { message, position }: ValidatedRecord,
    s: BatchState,
    at: Date,
    outcome: 'accepted' | 'rejected',
    detail: Parameters<typeof buildAck>[2],
    receipt: string,
  ) {
    const e = message.envelope;
    const ackId = detail.ackId ?? ackIdAvoiding(e.id, position, s.known.get(ackIdFor(e.id)));
    const ack = buildAck(e, outcome, { ...detail, ackId }, at);
    const raw = JSON.stringify(ack);
    s.out.push(deliveryRecord(this.topics.deliver(e.sender), ack, raw, { signatures: { receipt } }));
    s.writes.deliveries.push(deliveryRow(e.sender, ack, at));
    const row = ackRow(ack, raw, position, at, receipt);
    s.writes.messages.push(row);
    if (!s.known.has(ack.id)) s.known.set(ack.id, row);
  }

  private updateConsignment(
    message: ValidatedRecord['message'],
    { parties, anew }: { parties: string[] | undefined; anew: boolean },
    s: BatchState,
  ): void {
    const e = message.envelope;
    const current = s.consignments.get(e.consignmentRef);
    const kept = anew ? [] : (current?.parties ?? []);
    const next = Object.assign(new ConsignmentEntity(), {
      ref: e.consignmentRef,
      owner: ownerAfter(e, current?.owner),
      parties: [...new Set([...kept, ...(parties ?? [])])].sort(),
      lastEvent: e.type === 'transport.status' ? eventSummary(e) : (current?.lastEvent ?? null),
      updatedAt: s.now.toISOString(),
    });
    s.consignments.set(next.ref, next);
    s.writes.consignments = [...s.writes.consignments.filter((c) => c.ref !== next.ref), next];
  }
}
