import { Inject, Injectable } from '@nestjs/common';
import { buildAck, contentHash, EXCHANGE_ID } from '@cx/contracts';
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
import { routeMessage } from '@cx/routing';
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
      known: await this.messages.findByIds(envelopes.flatMap((e) => [e.id, e.correlationId ?? ''])),
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
    if (previous && previous.routedFrom && previous.routedFrom !== e.position) {
      // A second record with an id already routed: identical content is a duplicate to drop; other content is refused.
      if (previous.contentHash !== e.contentHash)
        this.reject(e, s, 'id.unique', 'This id was already used for a different message.');
      return;
    }
    const consignment = s.consignments.get(e.consignmentRef);
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

  private reject(e: ValidatedEnvelope, s: BatchState, rule: string, message: string): void {
    this.ack(e, s, 'rejected', { errors: [{ path: '/id', message, rule }] });
  }

  private ack(
    e: ValidatedEnvelope,
    s: BatchState,
    outcome: 'accepted' | 'rejected',
    detail: Parameters<typeof buildAck>[2],
  ) {
    const ack = buildAck(e.envelope, outcome, detail, s.now);
    const raw = JSON.stringify(ack);
    s.out.push(deliveryRecord(this.topics.deliver(e.sender), ack, raw));
    s.writes.deliveries.push(this.delivery(e.sender, ack.id, 'ack', e.consignmentRef, s.now));
    s.writes.messages.push(
      Object.assign(new MessageEntity(), {
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
      }),
    );
  }

  private updateConsignment(e: ValidatedEnvelope, parties: string[] | undefined, s: BatchState): void {
    const current = s.consignments.get(e.consignmentRef);
    const next = Object.assign(new ConsignmentEntity(), {
      ref: e.consignmentRef,
      parties: [...new Set([...(current?.parties ?? []), ...(parties ?? [])])].sort(),
      lastEvent: e.type === 'transport.status' ? e.eventSummary() : (current?.lastEvent ?? null),
      updatedAt: s.now.toISOString(),
    });
    s.consignments.set(next.ref, next);
    s.writes.consignments = [...s.writes.consignments.filter((c) => c.ref !== next.ref), next];
  }

  private messageRow(
    e: ValidatedEnvelope,
    status: 'routed',
    now: Date,
    extra: { recipients: string[] },
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
      errors: null,
      recipients: extra.recipients,
      correlationId: e.correlationId ?? null,
      routedFrom: e.position,
      routedAt: now.toISOString(),
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
