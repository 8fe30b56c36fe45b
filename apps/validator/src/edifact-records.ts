import { contentHash, type Participant } from '@cx/contracts';
import { PIPELINE_HEADERS, type ConsumedRecord } from '@cx/kafka';
import { readEnvelope, type ReadRecord } from './inbound-record';
import {
  countMessages,
  participantOfParty,
  PARTICIPANT_MESSAGES,
  syntaxViolations,
  translateInterchangeBytes,
  type EdifactLocation,
  type PartyId,
} from '@cx/edifact';

/** The record header that marks an interchange (compared in lower case, as HTTP media types are). */
export const CONTENT_TYPE_HEADER = 'content-type';
const EDIFACT = 'application/edifact';
/** As many messages as an HTTP batch holds: a bigger interchange is refused before it is read, not to stall the stream. */
export const MAX_INTERCHANGE_MESSAGES = 500;

/** A record to judge: as consumed, one message of an interchange, or an interchange refused whole. */
export interface ExpandedRecord {
  record: ConsumedRecord;
  /** Set for an interchange with syntax errors: it is a dead letter, for this reason. */
  reason?: string;
  /** For a message of an interchange: where each of its values came from. */
  positions?: ReadonlyMap<string, EdifactLocation>;
  /** For the message of a signed interchange (header `cx-jws`): the interchange, whose bytes the JWS covers. */
  interchange?: { bytes: Buffer; sha256: string };
}

export const isEdifact = (r: ConsumedRecord) =>
  (r.headers[CONTENT_TYPE_HEADER] ?? '').toLowerCase().split(';')[0].trim() === EDIFACT;

/**
 * Records with header `content-type: application/EDIFACT` become one record a UNH…UNT, its value the translated
 * envelope as JSON (the bytes an HTTP submission of the same interchange is judged by, so both doors agree on
 * replays), at position `<offset>#<message reference>`. The envelope's sender is the participant whose registered
 * EDIFACT identity the UNB sender is; on a participant's inbound topic a UNB sender that is not the producer's
 * identity is named as the sender (`id:qualifier` when no participant holds it), so `sender.is-producer` refuses it.
 * An interchange with syntax errors is a dead letter naming each error and its position, and so is a signed one
 * (header `cx-jws`) of more than one message. Ids are derived under the exchange's `idSecret` with the producer (or,
 * on `cx.inbound`, the UNB sender's participant), as the HTTP door derives them with the caller.
 */
export function expandEdifact(
  records: readonly ConsumedRecord[],
  participants: () => Iterable<Participant>,
  producerOf: (topic: string) => string | undefined,
  idSecret: Buffer,
): ExpandedRecord[] {
  return records.flatMap((record): ExpandedRecord[] => {
    if (!isEdifact(record) || !record.value || record.value.length === 0) return [{ record }];
    const count = countMessages(record.value);
    if (count > MAX_INTERCHANGE_MESSAGES) {
      return [
        { record, reason: `EDIFACT interchange of ${count} messages, over ${MAX_INTERCHANGE_MESSAGES}` },
      ];
    }
    const senderOf = (party: PartyId) =>
      participantOfParty(participants(), party)?.id ?? `${party.id}:${party.qualifier ?? ''}`;
    const producer = producerOf(record.topic);
    const translated = translateInterchangeBytes(record.value, {
      messages: PARTICIPANT_MESSAGES,
      participantOf: senderOf,
      ids: { secret: idSecret, participant: producer },
    });
    const errors = syntaxViolations(translated);
    if (errors.length > 0) {
      const reason = `EDIFACT interchange with syntax errors: ${errors.map((e) => `${e.rule} at ${e.edifact}: ${e.message}`).join('; ')}`;
      return [{ record, reason }];
    }
    const signed = record.headers[PIPELINE_HEADERS.jws] !== undefined;
    if (signed && translated.messages.length !== 1) {
      const reason = `signature.single-message: a signed EDIFACT interchange holds exactly one message; this one holds ${translated.messages.length}`;
      return [{ record, reason }];
    }
    const interchange = signed ? { bytes: record.value, sha256: contentHash(record.value) } : undefined;
    const unbSender = senderOf(translated.interchange.header!.sender);
    return translated.messages.map((m) => {
      const envelope =
        producer !== undefined && unbSender !== producer ? { ...m.envelope, sender: unbSender } : m.envelope;
      const value = Buffer.from(JSON.stringify(envelope));
      return {
        record: { ...record, offset: `${record.offset}#${m.reference}`, value },
        positions: m.positions,
        ...(interchange ? { interchange } : {}),
      };
    });
  });
}

/** Every consumed record read: an envelope (from JSON, or one a message of an interchange), or why it is none. */
export function readInbound(
  records: readonly ConsumedRecord[],
  participants: () => Iterable<Participant>,
  producerOf: (topic: string) => string | undefined,
  idSecret: Buffer,
): Array<ReadRecord & ExpandedRecord> {
  return expandEdifact(records, participants, producerOf, idSecret).map(
    ({ record, reason, positions, interchange }) =>
      reason === undefined ? { record, positions, interchange, ...readEnvelope(record) } : { record, reason },
  );
}
