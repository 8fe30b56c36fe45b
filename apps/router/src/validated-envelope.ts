import { contentHash } from '@cx/contracts';
import { ConsumedRecord, PIPELINE_HEADERS, positionOf } from '@cx/kafka';

type Json = Record<string, unknown>;

/** A record of `cx.validated`: an envelope that passed validation, with what the pipeline knows about it. */
export class ValidatedEnvelope {
  readonly envelope: Json & {
    id: string;
    type: string;
    sender: string;
    consignmentRef: string;
    createdAt: string;
  };
  readonly raw: Buffer;
  readonly position: string;
  readonly contentHash: string;
  readonly receivedAt: string | undefined;

  constructor(record: ConsumedRecord) {
    this.raw = record.value ?? Buffer.alloc(0);
    this.envelope = JSON.parse(this.raw.toString('utf8'));
    this.position = positionOf(record);
    this.contentHash = record.headers[PIPELINE_HEADERS.contentHash] ?? contentHash(this.raw);
    this.receivedAt = record.headers[PIPELINE_HEADERS.receivedAt];
  }

  get id() {
    return this.envelope.id;
  }
  get type() {
    return this.envelope.type;
  }
  get version() {
    return String(this.envelope.version);
  }
  get sender() {
    return this.envelope.sender;
  }
  get consignmentRef() {
    return this.envelope.consignmentRef;
  }
  get correlationId(): string | undefined {
    return typeof this.envelope.correlationId === 'string' ? this.envelope.correlationId : undefined;
  }

  /** The consignment's last event, as GET /v1/consignments shows it. */
  eventSummary(): Json {
    const p = (this.envelope.payload ?? {}) as Json;
    return { messageId: this.id, eventCode: p.eventCode, location: p.location, eventTime: p.eventTime };
  }
}
