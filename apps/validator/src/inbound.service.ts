import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  ackIdAvoiding,
  ackIdFor,
  buildAck,
  contentHash,
  fallbackAckIdFor,
  type Violation,
} from '@cx/contracts';
import { SETTINGS, Settings, TopicNames, topicsOf } from '@cx/config';
import {
  ConsumedRecord,
  deliveryRecord,
  KafkaAdmin,
  OutgoingRecord,
  PIPELINE_HEADERS,
  positionOf,
} from '@cx/kafka';
import {
  CachedParticipantDirectory,
  DeadLetterEntity,
  emptyWrites,
  MessageEntity,
  MessageStore,
  PipelineStore,
  PipelineWrites,
  StatefulValidation,
} from '@cx/persistence';
import { readEnvelope } from './inbound-record';
import { senderIsNotProducer, senderIsProducerViolation } from './sender-is-producer';

/** What one batch builds up: its outputs, its database writes, and the stored messages its ids name. */
interface Batch {
  out: OutgoingRecord[];
  writes: PipelineWrites;
  now: Date;
  known: Map<string, MessageEntity>;
}

/** An envelope the exchange can answer: an id and a consignmentRef to name, and a known, active participant to send to. */
function answerable(
  envelope: Record<string, unknown>,
  to: { id: string; active: boolean } | undefined,
): to is { id: string; active: boolean } {
  return (
    /^[0-9a-f-]{36}$/i.test(String(envelope.id)) &&
    typeof envelope.consignmentRef === 'string' &&
    !!to?.active
  );
}

const idTaken: Violation = {
  path: '/id',
  message: 'This id was already used for a different message.',
  rule: 'id.unique',
};

/**
 * Judges what operators produced straight to `cx.inbound`: valid envelopes go on to `cx.validated`, invalid ones get a
 * rejected ack, and records that are not envelopes at all go to `cx.dlq` with the reason. A bad record never stops the
 * stream: it is answered, and the next one is read.
 */
@Injectable()
export class InboundService {
  private readonly logger = new Logger(InboundService.name);
  private readonly topics: TopicNames;
  private readonly knownTopics = new Set<string>();

  constructor(
    @Inject(SETTINGS) settings: Settings,
    private readonly validator: StatefulValidation,
    private readonly participants: CachedParticipantDirectory,
    private readonly store: PipelineStore,
    private readonly messages: MessageStore,
    private readonly kafka: KafkaAdmin,
  ) {
    this.topics = topicsOf(settings);
  }

  async judge(records: ConsumedRecord[]): Promise<OutgoingRecord[]> {
    const now = new Date();
    const out: OutgoingRecord[] = [];
    const writes = emptyWrites();
    const read = records.map((r) => ({ record: r, ...readEnvelope(r) }));
    const impostor = (x: (typeof read)[number]) =>
      x.envelope !== undefined && senderIsNotProducer(x.envelope, this.topics.producerOf(x.record.topic));
    const envelopes = read.filter((x) => x.envelope !== undefined && !impostor(x));
    const verdicts = await this.validator.validateAll(envelopes.map((x) => x.envelope!));
    envelopes.forEach((x, i) => {
      x.violations = verdicts[i];
    });
    const rejected = envelopes.filter((x) => x.violations!.length > 0).map((x) => String(x.envelope!.id));
    const known = await this.messages.findByIds([...rejected, ...rejected.map(ackIdFor)]);
    const b: Batch = { out, writes, now, known };
    for (const x of read) {
      if (x.envelope === undefined) this.deadLetter(x.record, x.reason!, out, writes, now);
      else if (impostor(x)) this.refuseImpostor(x.record, x.envelope, b);
      else if (x.violations!.length === 0) out.push(this.forward(x.record, x.envelope));
      else this.reject(x.record, x.envelope, x.violations!, b);
    }
    await this.ensureTopics(out);
    await this.store.write(writes);
    return out;
  }

  /** Keyed by consignmentRef whatever key the operator chose, so one consignment stays on one partition, in order. */
  private forward(r: ConsumedRecord, envelope: Record<string, unknown>): OutgoingRecord {
    const value = r.value!;
    return {
      topic: this.topics.validated,
      key: String(envelope.consignmentRef),
      value,
      headers: {
        [PIPELINE_HEADERS.receivedAt]: new Date(Number(r.timestamp)).toISOString(),
        [PIPELINE_HEADERS.contentHash]: contentHash(value),
        [PIPELINE_HEADERS.origin]: 'kafka',
      },
    };
  }

  /**
   * An invalid envelope is answered with a rejected ack, if there is a known, active sender to answer. It is recorded
   * only under an id nobody used yet: first writer wins, so an id already taken (by any sender, an ack's id included)
   * gets its own ack naming `id.unique`, and the stored message stays as it is.
   */
  private reject(r: ConsumedRecord, envelope: Record<string, unknown>, errors: Violation[], b: Batch): void {
    const id = envelope.id as string;
    const sender = this.participants.get(String(envelope.sender));
    if (!answerable(envelope, sender)) {
      const reason = `invalid envelope with no id, consignmentRef or known active sender to answer: ${errors
        .map((e) => `${e.path} ${e.message}`)
        .join('; ')}`;
      return this.deadLetter(r, reason, b.out, b.writes, b.now);
    }
    const original = { id, sender: sender.id, consignmentRef: envelope.consignmentRef as string };
    const position = positionOf(r);
    const previous = b.known.get(id);
    const taken = previous !== undefined && previous.contentHash !== contentHash(r.value!);
    const ack = buildAck(
      original,
      'rejected',
      taken
        ? { errors: [...errors, idTaken], ackId: fallbackAckIdFor(id, position) }
        : { errors, ackId: ackIdAvoiding(id, position, b.known.get(ackIdFor(id))) },
      b.now,
    );
    if (!taken) {
      const row = this.row(
        original,
        envelope,
        r,
        'rejected',
        new Date(Number(r.timestamp)).toISOString(),
        errors,
      );
      b.writes.messages.push(row);
      b.known.set(id, row);
    }
    this.answer(ack, b);
  }

  /**
   * An envelope on a participant's inbound topic that names someone else as its sender: the producer is answered
   * (only it may write there) with a rejected ack, and nothing is delivered. No message row is written: its id may
   * be the real sender's, whose message must not be overwritten.
   */
  private refuseImpostor(r: ConsumedRecord, envelope: Record<string, unknown>, b: Batch): void {
    const producer = this.participants.get(this.topics.producerOf(r.topic)!);
    const error = senderIsProducerViolation(envelope, producer?.id ?? this.topics.producerOf(r.topic)!);
    if (!answerable(envelope, producer))
      return this.deadLetter(r, `${error.path} ${error.message}`, b.out, b.writes, b.now);
    const original = {
      id: envelope.id as string,
      sender: producer.id,
      consignmentRef: envelope.consignmentRef as string,
    };
    // The envelope's id may be another participant's (the one it claims to be from): the producer's ack must not take
    // the ack id that belongs to that message, so it is derived from the record's position instead.
    const ackId = fallbackAckIdFor(original.id, positionOf(r));
    this.answer(buildAck(original, 'rejected', { errors: [error], ackId }, b.now), b);
  }

  /** Sends an ack to the sender it answers: on its delivery topic, as a stored message, and as a delivery. */
  private answer(ack: ReturnType<typeof buildAck>, b: Batch): void {
    const to = ack.recipients[0];
    const raw = JSON.stringify(ack);
    b.out.push(deliveryRecord(this.topics.deliver(to), ack, raw));
    const ackRow = this.ackRow(ack, raw, b.now, to);
    b.writes.messages.push(ackRow);
    if (!b.known.has(ack.id)) b.known.set(ack.id, ackRow);
    b.writes.deliveries.push({
      participantId: to,
      messageId: ack.id,
      type: 'ack',
      consignmentRef: ack.consignmentRef,
      createdAt: b.now.toISOString(),
    });
  }

  private row(
    o: { id: string; sender: string; consignmentRef: string },
    envelope: Record<string, unknown>,
    r: ConsumedRecord,
    status: 'rejected',
    receivedAt: string,
    errors: Violation[],
  ): MessageEntity {
    return Object.assign(new MessageEntity(), {
      ...o,
      type: String(envelope.type ?? '').slice(0, 64),
      version: String(envelope.version ?? '').slice(0, 16),
      status,
      receivedAt,
      contentHash: contentHash(r.value!),
      envelope: r.value!.toString('utf8'),
      errors,
      recipients: null,
      correlationId: typeof envelope.correlationId === 'string' ? envelope.correlationId.slice(0, 128) : null,
      routedFrom: positionOf(r),
      routedAt: null,
    });
  }

  private ackRow(ack: ReturnType<typeof buildAck>, raw: string, now: Date, sender: string): MessageEntity {
    return Object.assign(new MessageEntity(), {
      id: ack.id,
      type: 'ack',
      version: ack.version,
      sender: ack.sender,
      consignmentRef: ack.consignmentRef,
      status: 'routed',
      receivedAt: now.toISOString(),
      contentHash: contentHash(raw),
      envelope: raw,
      errors: null,
      recipients: [sender],
      correlationId: ack.correlationId,
      routedFrom: null,
      routedAt: now.toISOString(),
    });
  }

  private deadLetter(
    r: ConsumedRecord,
    reason: string,
    out: OutgoingRecord[],
    writes: PipelineWrites,
    now: Date,
  ): void {
    const id = positionOf(r);
    this.logger.warn(`dead letter ${id}: ${reason}`);
    const value = r.value ?? Buffer.alloc(0);
    out.push({
      topic: this.topics.dlq,
      key: r.key,
      value,
      headers: {
        'cx-dlq-reason': reason.slice(0, 2000),
        'cx-dlq-source': id,
        'cx-dlq-at': now.toISOString(),
      },
    });
    writes.deadLetters.push(
      Object.assign(new DeadLetterEntity(), {
        id,
        reason,
        value: value.toString('utf8'),
        recordKey: r.key?.slice(0, 256) ?? null,
        receivedAt: now.toISOString(),
        replayedAt: null,
        replayCount: 0,
        replayOf: r.headers[PIPELINE_HEADERS.replayOf]?.slice(0, 200) ?? null,
      }),
    );
  }

  private async ensureTopics(out: OutgoingRecord[]): Promise<void> {
    const missing = [...new Set(out.map((r) => r.topic))].filter((t) => !this.knownTopics.has(t));
    if (missing.length === 0) return;
    await this.kafka.ensure(missing);
    for (const t of missing) this.knownTopics.add(t);
  }
}
