import type { Participant } from '@cx/contracts';
import type { ConsumedRecord } from '@cx/kafka';
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
}

export const isEdifact = (r: ConsumedRecord) =>
  (r.headers[CONTENT_TYPE_HEADER] ?? '').toLowerCase().split(';')[0].trim() === EDIFACT;

/**
 * Records with header `content-type: application/EDIFACT` become one record a UNH…UNT, its value the translated
 * envelope as JSON (the bytes an HTTP submission of the same interchange is judged by, so both doors agree on
 * replays), at position `<offset>#<message reference>`. The envelope's sender is the participant whose registered
 * EDIFACT identity the UNB sender is; on a participant's inbound topic a UNB sender that is not the producer's
 * identity is named as the sender (`id:qualifier` when no participant holds it), so `sender.is-producer` refuses it.
 * An interchange with syntax errors is a dead letter naming each error and its position.
 */
export function expandEdifact(
  records: readonly ConsumedRecord[],
  participants: () => Iterable<Participant>,
  producerOf: (topic: string) => string | undefined,
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
    });
    const errors = syntaxViolations(translated);
    if (errors.length > 0) {
      const reason = `EDIFACT interchange with syntax errors: ${errors.map((e) => `${e.rule} at ${e.edifact}: ${e.message}`).join('; ')}`;
      return [{ record, reason }];
    }
    const unbSender = senderOf(translated.interchange.header!.sender);
    return translated.messages.map((m) => {
      const envelope =
        producer !== undefined && unbSender !== producer ? { ...m.envelope, sender: unbSender } : m.envelope;
      const value = Buffer.from(JSON.stringify(envelope));
      return {
        record: { ...record, offset: `${record.offset}#${m.reference}`, value },
        positions: m.positions,
      };
    });
  });
}

/** Every consumed record read: an envelope (from JSON, or one a message of an interchange), or why it is none. */
export function readInbound(
  records: readonly ConsumedRecord[],
  participants: () => Iterable<Participant>,
  producerOf: (topic: string) => string | undefined,
): Array<ReadRecord & ExpandedRecord> {
  return expandEdifact(records, participants, producerOf).map(({ record, reason, positions }) =>
    reason === undefined ? { record, positions, ...readEnvelope(record) } : { record, reason },
  );
}
