import { Inject, Injectable } from '@nestjs/common';
import { ackIdAvoiding, ackIdFor, buildAck, fallbackAckIdFor, Violation } from '@cx/contracts';
import { SETTINGS, Settings, TopicNames, topicsOf } from '@cx/config';
import { ExchangeKeyring, signReceipt } from '@cx/evidence';
import { ConsumedRecord, deliveryRecord, OutgoingRecord, TopicCache } from '@cx/kafka';
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
import { consignmentOwnerViolation, ownerAfter, routeMessage } from '@cx/routing';
import { eventSummary, readValidated, ValidatedRecord } from './validated-record';

interface BatchState {
  known: Map<string, MessageEntity>;
  consignments: Map<string, ConsignmentEntity>;
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
        envelopes.flatMap((e) => [e.id, ackIdFor(e.id), e.correlationId ?? '']),
      ),
      consignments: await this.store.consignments(envelopes.map((e) => e.consignmentRef)),
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

  private async routeOne(v: ValidatedRecord, s: BatchState): Promise<void> {
    const { message, position } = v;
    const e = message.envelope;
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
        const receipt = await this.receipt(v, s, 'rejected', []);
        const ackId = fallbackAckIdFor(e.id, position);
        return this.ack(v, s, 'rejected', { errors: [error], ackId }, receipt);
      }
      // The same message from another record (a producer's retry): decided once already.
      if (previous.routedFrom && previous.routedFrom !== position) return;
    }
    const consignment = s.consignments.get(e.consignmentRef);
    // Checked here too: two notes under one new ref may both have passed validation before either was routed.
    const foreign = consignmentOwnerViolation(e, consignment?.owner);
    if (foreign) return this.refuse(v, s, [foreign], await this.receipt(v, s, 'rejected', []));
    const declaration = e.correlationId ? s.known.get(e.correlationId) : undefined;
    const routed = routeMessage(e, {
      participants: this.participants,
      consignmentParties: consignment?.parties ?? [],
      declarant: declaration?.type === 'customs.declaration' ? declaration.sender : undefined,
    });
    const receipt = await this.receipt(v, s, 'accepted', routed.recipients);
    for (const r of routed.recipients) {
      s.out.push(deliveryRecord(this.topics.deliver(r), e, message.raw, { jws: message.jws, receipt }));
      s.writes.deliveries.push(deliveryRow(r, e, s.now));
    }
    const outcome = {
      status: 'routed',
      recipients: routed.recipients,
      from: position,
      at: s.now,
      receipt,
    } as const;
    this.record(messageRow(message, outcome), s);
    this.updateConsignment(message, routed.parties, s);
    this.ack(v, s, 'accepted', { recipients: routed.recipients }, receipt);
  }

  /** A message valid on its own that the exchange's state refuses: recorded as rejected, and a rejected ack. */
  private refuse(v: ValidatedRecord, s: BatchState, errors: Violation[], receipt: string): void {
    this.record(messageRow(v.message, { status: 'rejected', errors, from: v.position }), s);
    this.ack(v, s, 'rejected', { errors }, receipt);
  }

  /** The exchange's signed receipt of a message: one signature, carried by its ack and each of its deliveries. */
  private receipt(
    { message }: ValidatedRecord,
    s: BatchState,
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
      signedAt: s.now.toISOString(),
    });
  }

  private record(row: MessageEntity, s: BatchState): void {
    s.writes.messages.push(row);
    s.known.set(row.id, row);
  }

  private ack(
    { message, position }: ValidatedRecord,
    s: BatchState,
    outcome: 'accepted' | 'rejected',
    detail: Parameters<typeof buildAck>[2],
    receipt: string,
  ) {
    const e = message.envelope;
    const ackId = detail.ackId ?? ackIdAvoiding(e.id, position, s.known.get(ackIdFor(e.id)));
    const ack = buildAck(e, outcome, { ...detail, ackId }, s.now);
    const raw = JSON.stringify(ack);
    s.out.push(deliveryRecord(this.topics.deliver(e.sender), ack, raw, { receipt }));
    s.writes.deliveries.push(deliveryRow(e.sender, ack, s.now));
    const row = ackRow(ack, raw, position, s.now, receipt);
    s.writes.messages.push(row);
    if (!s.known.has(ack.id)) s.known.set(ack.id, row);
  }

  private updateConsignment(
    message: ValidatedRecord['message'],
    parties: string[] | undefined,
    s: BatchState,
  ): void {
    const e = message.envelope;
    const current = s.consignments.get(e.consignmentRef);
    const next = Object.assign(new ConsignmentEntity(), {
      ref: e.consignmentRef,
      owner: ownerAfter(e, current?.owner),
      parties: [...new Set([...(current?.parties ?? []), ...(parties ?? [])])].sort(),
      lastEvent: e.type === 'transport.status' ? eventSummary(e) : (current?.lastEvent ?? null),
      updatedAt: s.now.toISOString(),
    });
    s.consignments.set(next.ref, next);
    s.writes.consignments = [...s.writes.consignments.filter((c) => c.ref !== next.ref), next];
  }
}
