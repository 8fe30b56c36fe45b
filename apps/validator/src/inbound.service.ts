import { Inject, Injectable, Logger } from '@nestjs/common';
import { AckError, buildAck, contentHash } from '@cx/contracts';
import { SETTINGS, Settings, TopicNames, topicsOf } from '@cx/config';
import { ConsumedRecord, deliveryRecord, KafkaAdmin, OutgoingRecord, PIPELINE_HEADERS } from '@cx/kafka';
import {
  CachedParticipantDirectory,
  DeadLetterEntity,
  emptyWrites,
  MessageEntity,
  PipelineStore,
  PipelineWrites,
  StatefulValidation,
} from '@cx/persistence';
import { readEnvelope } from './inbound-record';
import { senderIsNotProducer, senderIsProducerViolation } from './sender-is-producer';

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
    for (const x of read) {
      if (x.envelope === undefined) this.deadLetter(x.record, x.reason!, out, writes, now);
      else if (impostor(x)) this.refuseImpostor(x.record, x.envelope, out, writes, now);
      else if (x.violations!.length === 0) out.push(this.forward(x.record, x.envelope));
      else this.reject(x.record, x.envelope, x.violations!, out, writes, now);
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

  /** An invalid envelope is answered with a rejected ack, if there is a known, active sender to answer. */
  private reject(
    r: ConsumedRecord,
    envelope: Record<string, unknown>,
    errors: AckError[],
    out: OutgoingRecord[],
    writes: PipelineWrites,
    now: Date,
  ): void {
    const id = envelope.id as string;
    const sender = this.participants.get(String(envelope.sender));
    const ackable =
      /^[0-9a-f-]{36}$/i.test(String(id)) && typeof envelope.consignmentRef === 'string' && sender?.active;
    if (!ackable) {
      const reason = `invalid envelope with no id, consignmentRef or known active sender to answer: ${errors
        .map((e) => `${e.path} ${e.message}`)
        .join('; ')}`;
      return this.deadLetter(r, reason, out, writes, now);
    }
    const original = { id, sender: sender.id, consignmentRef: envelope.consignmentRef as string };
    const ack = buildAck(original, 'rejected', { errors }, now);
    const raw = JSON.stringify(ack);
    out.push(deliveryRecord(this.topics.deliver(sender.id), ack, raw));
    const receivedAt = new Date(Number(r.timestamp)).toISOString();
    writes.messages.push(this.row(original, envelope, r, 'rejected', receivedAt, errors));
    writes.messages.push(this.ackRow(ack, raw, now, original.sender));
    writes.deliveries.push({
      participantId: sender.id,
      messageId: ack.id,
      type: 'ack',
      consignmentRef: original.consignmentRef,
      createdAt: now.toISOString(),
    });
  }

  /**
   * An envelope on a participant's inbound topic that names someone else as its sender: the producer is answered
   * (only it may write there) with a rejected ack, and nothing is delivered. No message row is written: its id may
   * be the real sender's, whose message must not be overwritten.
   */
  private refuseImpostor(
    r: ConsumedRecord,
    envelope: Record<string, unknown>,
    out: OutgoingRecord[],
    writes: PipelineWrites,
    now: Date,
  ): void {
    const producer = this.participants.get(this.topics.producerOf(r.topic)!);
    const error = senderIsProducerViolation(envelope, producer?.id ?? this.topics.producerOf(r.topic)!);
    const ackable =
      /^[0-9a-f-]{36}$/i.test(String(envelope.id)) &&
      typeof envelope.consignmentRef === 'string' &&
      producer?.active;
    if (!ackable) return this.deadLetter(r, `${error.path} ${error.message}`, out, writes, now);
    const original = {
      id: envelope.id as string,
      sender: producer.id,
      consignmentRef: envelope.consignmentRef as string,
    };
    const ack = buildAck(original, 'rejected', { errors: [error] }, now);
    const raw = JSON.stringify(ack);
    out.push(deliveryRecord(this.topics.deliver(producer.id), ack, raw));
    writes.messages.push(this.ackRow(ack, raw, now, producer.id));
    writes.deliveries.push({
      participantId: producer.id,
      messageId: ack.id,
      type: 'ack',
      consignmentRef: original.consignmentRef,
      createdAt: now.toISOString(),
    });
  }

  private row(
    o: { id: string; sender: string; consignmentRef: string },
    envelope: Record<string, unknown>,
    r: ConsumedRecord,
    status: 'rejected',
    receivedAt: string,
    errors: AckError[],
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
      routedFrom: `${r.topic}:${r.partition}:${r.offset}`,
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
    const id = `${r.topic}:${r.partition}:${r.offset}`;
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
