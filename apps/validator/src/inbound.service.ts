import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  AckEnvelope,
  ackIdAvoiding,
  ackIdFor,
  buildAck,
  contentHash,
  fallbackAckIdFor,
  ValidatedMessage,
  Violation,
} from '@cx/contracts';
import { SETTINGS, Settings, TopicNames, topicsOf } from '@cx/config';
import {
  ConsumedRecord,
  deliveryRecord,
  OutgoingRecord,
  PIPELINE_HEADERS,
  positionOf,
  TopicCache,
  validatedRecord,
} from '@cx/kafka';
import { CachedParticipantDirectory } from '@cx/participants';
import {
  ackRow,
  DeadLetterEntity,
  deliveryRow,
  emptyWrites,
  MessageEntity,
  messageRow,
  EDIFACT_ID_SECRET,
  ExchangeSecretStore,
  MessageStore,
  PipelineStore,
  PipelineWrites,
  signedInterchangeRow,
} from '@cx/persistence';
import { StatefulValidation } from '@cx/validation';
import { locateViolations } from '@cx/edifact';
import { isEdifact, readInbound } from './edifact-records';
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

  constructor(
    @Inject(SETTINGS) settings: Settings,
    private readonly validator: StatefulValidation,
    private readonly participants: CachedParticipantDirectory,
    private readonly store: PipelineStore,
    private readonly messages: MessageStore,
    private readonly topicCache: TopicCache,
    private readonly secrets: ExchangeSecretStore,
  ) {
    this.topics = topicsOf(settings);
  }

  async judge(records: ConsumedRecord[]): Promise<OutgoingRecord[]> {
    const now = new Date();
    const out: OutgoingRecord[] = [];
    const writes = emptyWrites();
    // An interchange names its sender by EDIFACT identity: one registered a moment ago must be known here already.
    const edifact = records.some(isEdifact);
    if (edifact) await this.participants.ensureCurrent();
    const read = readInbound(
      records,
      () => this.participants.all(),
      (t) => this.topics.producerOf(t),
      edifact ? await this.secrets.secret(EDIFACT_ID_SECRET) : Buffer.alloc(0),
    );
    const impostor = (x: (typeof read)[number]) =>
      x.envelope !== undefined && senderIsNotProducer(x.envelope, this.topics.producerOf(x.record.topic));
    const envelopes = read.filter((x) => x.envelope !== undefined && !impostor(x));
    const judgements = await this.validator.judgeAll(
      envelopes.map((x) => ({
        value: x.envelope,
        raw: x.record.value!,
        receivedAt: receivedAt(x.record),
        jws: x.record.headers[PIPELINE_HEADERS.jws],
        interchange: x.interchange,
      })),
    );
    envelopes.forEach((x, i) => Object.assign(x, judgements[i]));
    // A message that came as EDIFACT: each violation says where in the interchange it is.
    for (const x of envelopes)
      if (x.positions && x.violations)
        x.violations = locateViolations(x.violations, x.positions).map(({ location: _, ...v }) => v);
    const rejected = envelopes.filter((x) => !x.message).map((x) => String(x.envelope!.id));
    const known = await this.messages.findByIds([...rejected, ...rejected.map(ackIdFor)]);
    const b: Batch = { out, writes, now, known };
    for (const x of read) {
      if (x.envelope === undefined) this.deadLetter(x.record, x.reason!, out, writes, now);
      else if (impostor(x)) this.refuseImpostor(x.record, x.envelope, b);
      else if (x.message) this.pass(x.message, x.interchange, b);
      else this.reject(x.record, x.envelope, x.violations!, b);
    }
    await this.topicCache.ensureFor(out);
    await this.store.write(writes);
    return out;
  }

  /** A valid message goes on to the router; the signed interchange it came in is kept first, in this batch's writes. */
  private pass(message: ValidatedMessage, interchange: { bytes: Buffer } | undefined, b: Batch): void {
    b.out.push(validatedRecord(this.topics.validated, message, 'kafka'));
    if (message.interchange && interchange) {
      const { sender } = message.envelope;
      const { receivedAt } = message;
      b.writes.interchanges.push(
        signedInterchangeRow({ sha256: message.interchange, bytes: interchange.bytes, sender, receivedAt }),
      );
    }
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
    const hash = contentHash(r.value!);
    const previous = b.known.get(id);
    const taken = previous !== undefined && previous.contentHash !== hash;
    const ack = buildAck(
      original,
      'rejected',
      taken
        ? { errors: [...errors, idTaken], ackId: fallbackAckIdFor(id, position) }
        : { errors, ackId: ackIdAvoiding(id, position, b.known.get(ackIdFor(id))) },
      b.now,
    );
    if (!taken) {
      const received = {
        envelope: {
          ...original,
          type: typeof envelope.type === 'string' ? envelope.type : '',
          version: envelope.version,
          correlationId: envelope.correlationId,
        },
        raw: r.value!,
        contentHash: hash,
        receivedAt: receivedAt(r),
      };
      const row = messageRow(received, { status: 'rejected', errors, from: position });
      b.writes.messages.push(row);
      b.known.set(id, row);
    }
    this.answer(ack, position, b);
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
    const position = positionOf(r);
    const ackId = fallbackAckIdFor(original.id, position);
    this.answer(buildAck(original, 'rejected', { errors: [error], ackId }, b.now), position, b);
  }

  /** Sends an ack to the sender it answers: on its delivery topic, as a stored message, and as a delivery. */
  private answer(ack: AckEnvelope, position: string, b: Batch): void {
    const to = ack.recipients[0];
    const raw = JSON.stringify(ack);
    b.out.push(deliveryRecord(this.topics.deliver(to), ack, raw));
    const row = ackRow(ack, raw, position, b.now);
    b.writes.messages.push(row);
    if (!b.known.has(ack.id)) b.known.set(ack.id, row);
    b.writes.deliveries.push(deliveryRow(to, ack, b.now));
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
        [PIPELINE_HEADERS.dlqReason]: reason.slice(0, 2000),
        [PIPELINE_HEADERS.dlqSource]: id,
        [PIPELINE_HEADERS.dlqAt]: now.toISOString(),
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
}

/** When the exchange received a record: when it was appended to the inbound topic. */
const receivedAt = (r: ConsumedRecord): string => new Date(Number(r.timestamp)).toISOString();
