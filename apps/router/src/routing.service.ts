import { Inject, Injectable } from '@nestjs/common';
import {
  ackIdAvoiding,
  ackIdFor,
  buildAck,
  contentHash,
  EXCHANGE_ID,
  fallbackAckIdFor,
  type Violation,
} from '@cx/contracts';
import { SETTINGS, Settings, TopicNames, topicsOf } from '@cx/config';
import { ConsumedRecord, deliveryRecord, KafkaAdmin, OutgoingRecord } from '@cx/kafka';
import {
  CachedParticipantDirectory,
  ConsignmentEntity,
  emptyWrites,
  MessageEntity,
  MessageStore,
  PipelineStore,
  PipelineWrites,
} from '@cx/persistence';
import { consignmentOwnerViolation, ownerAfter, routeMessage } from '@cx/routing';
import { ValidatedEnvelope } from './validated-envelope';

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
  private readonly knownTopics = new Set<string>();

  constructor(
    @Inject(SETTINGS) settings: Settings,
    private readonly participants: CachedParticipantDirectory,
    private readonly messages: MessageStore,
    private readonly store: PipelineStore,
    private readonly kafka: KafkaAdmin,
  ) {
    this.topics = topicsOf(settings);
  }

  async route(records: ConsumedRecord[]): Promise<OutgoingRecord[]> {
    const envelopes = records.map((r) => new ValidatedEnvelope(r));
    const state: BatchState = {
      known: await this.messages.findByIds(
        envelopes.flatMap((e) => [e.id, ackIdFor(e.id), e.correlationId ?? '']),
      ),
      consignments: await this.store.consignments(envelopes.map((e) => e.consignmentRef)),
      writes: emptyWrites(),
      out: [],
      now: new Date(),
    };
    await this.participants.ensureCurrent();
    for (const e of envelopes) this.routeOne(e, state);
    await this.ensureTopics(state.out);
    await this.store.write(state.writes);
    return state.out;
  }

  private routeOne(e: ValidatedEnvelope, s: BatchState): void {
    const previous = s.known.get(e.id);
    if (previous) {
      // First writer wins: an id already used for other content (any sender, any path, an ack's id included) is
      // refused, with an ack of its own, and the stored message is left as it is.
      if (previous.contentHash !== e.contentHash) {
        const error = {
          path: '/id',
          message: 'This id was already used for a different message.',
          rule: 'id.unique',
        };
        return this.ack(e, s, 'rejected', { errors: [error], ackId: fallbackAckIdFor(e.id, e.position) });
      }
      // The same message from another record (a producer's retry): routed once already.
      if (previous.routedFrom && previous.routedFrom !== e.position) return;
    }
    const consignment = s.consignments.get(e.consignmentRef);
    // Checked here too: two notes under one new ref may both have passed validation before either was routed.
    const foreign = consignmentOwnerViolation(e, consignment?.owner);
    if (foreign) return this.refuse(e, s, [foreign]);
    const declaration = e.correlationId ? s.known.get(e.correlationId) : undefined;
    const routed = routeMessage(e.envelope, {
      participants: this.participants,
      consignmentParties: consignment?.parties ?? [],
      declarant: declaration?.type === 'customs.declaration' ? declaration.sender : undefined,
    });
    for (const r of routed.recipients) {
      s.out.push(deliveryRecord(this.topics.deliver(r), e.envelope, e.raw));
      s.writes.deliveries.push(this.delivery(r, e.id, e.type, e.consignmentRef, s.now));
    }
    const row = this.messageRow(e, 'routed', s.now, { recipients: routed.recipients });
    s.writes.messages.push(row);
    s.known.set(e.id, row);
    this.updateConsignment(e, routed.parties, s);
    this.ack(e, s, 'accepted', { recipients: routed.recipients });
  }

  /** A message valid on its own that the exchange's state refuses: recorded as rejected, and a rejected ack. */
  private refuse(e: ValidatedEnvelope, s: BatchState, errors: Violation[]): void {
    const row = this.messageRow(e, 'rejected', s.now, { recipients: null, errors });
    s.writes.messages.push(row);
    s.known.set(e.id, row);
    this.ack(e, s, 'rejected', { errors });
  }

  private ack(
    e: ValidatedEnvelope,
    s: BatchState,
    outcome: 'accepted' | 'rejected',
    detail: Parameters<typeof buildAck>[2],
  ) {
    const ackId = detail.ackId ?? ackIdAvoiding(e.id, e.position, s.known.get(ackIdFor(e.id)));
    const ack = buildAck(e.envelope, outcome, { ...detail, ackId }, s.now);
    const raw = JSON.stringify(ack);
    s.out.push(deliveryRecord(this.topics.deliver(e.sender), ack, raw));
    s.writes.deliveries.push(this.delivery(e.sender, ack.id, 'ack', e.consignmentRef, s.now));
    const row = Object.assign(new MessageEntity(), {
      id: ack.id,
      type: 'ack',
      version: ack.version,
      sender: EXCHANGE_ID,
      consignmentRef: ack.consignmentRef,
      status: 'routed',
      receivedAt: s.now.toISOString(),
      contentHash: contentHash(raw),
      envelope: raw,
      errors: null,
      recipients: [e.sender],
      correlationId: e.id,
      routedFrom: e.position,
      routedAt: s.now.toISOString(),
    });
    s.writes.messages.push(row);
    if (!s.known.has(ack.id)) s.known.set(ack.id, row);
  }

  private updateConsignment(e: ValidatedEnvelope, parties: string[] | undefined, s: BatchState): void {
    const current = s.consignments.get(e.consignmentRef);
    const next = Object.assign(new ConsignmentEntity(), {
      ref: e.consignmentRef,
      owner: ownerAfter(e, current?.owner),
      parties: [...new Set([...(current?.parties ?? []), ...(parties ?? [])])].sort(),
      lastEvent: e.type === 'transport.status' ? e.eventSummary() : (current?.lastEvent ?? null),
      updatedAt: s.now.toISOString(),
    });
    s.consignments.set(next.ref, next);
    s.writes.consignments = [...s.writes.consignments.filter((c) => c.ref !== next.ref), next];
  }

  private messageRow(
    e: ValidatedEnvelope,
    status: 'routed' | 'rejected',
    now: Date,
    extra: { recipients: string[] | null; errors?: Violation[] },
  ): MessageEntity {
    return Object.assign(new MessageEntity(), {
      id: e.id,
      type: e.type,
      version: e.version,
      sender: e.sender,
      consignmentRef: e.consignmentRef,
      status,
      receivedAt: e.receivedAt ?? now.toISOString(),
      contentHash: e.contentHash,
      envelope: e.raw.toString('utf8'),
      errors: extra.errors ?? null,
      recipients: extra.recipients,
      correlationId: e.correlationId ?? null,
      routedFrom: e.position,
      routedAt: status === 'routed' ? now.toISOString() : null,
    });
  }

  private delivery(
    participantId: string,
    messageId: string,
    type: string,
    consignmentRef: string,
    now: Date,
  ) {
    return { participantId, messageId, type, consignmentRef, createdAt: now.toISOString() };
  }

  /** Delivery topics appear with participants; make sure every one written to exists before the transaction. */
  private async ensureTopics(out: OutgoingRecord[]): Promise<void> {
    const missing = [...new Set(out.map((r) => r.topic))].filter((t) => !this.knownTopics.has(t));
    if (missing.length === 0) return;
    await this.kafka.ensure(missing);
    for (const t of missing) this.knownTopics.add(t);
  }
}
