import { edifactEnvelopeId, type EdifactIdKey } from './envelope-id';
import { locationOf, type EdifactLocation } from './location';
import { readMessage } from './mapping/read-message';
import { INBOUND_MESSAGES, MESSAGE_TABLES } from './messages';
import { readInterchange, type Interchange, type MessageSegments, type PartyId } from './syntax/interchange';
import type { EdifactSyntaxError } from './syntax/syntax-error';

/** One UNH…UNT translated: the envelope (unless a syntax error stopped it) and where each of its values came from. */
export interface TranslatedMessage {
  reference: string;
  message: string;
  envelope?: Record<string, unknown>;
  positions: ReadonlyMap<string, EdifactLocation>;
  errors: EdifactSyntaxError[];
  /** Segments the mapping does not carry, read over. */
  ignored: { tag: string; position: number }[];
}

export interface TranslatedInterchange {
  interchange: Interchange;
  messages: TranslatedMessage[];
}

export interface TranslateOptions {
  /** Message types to accept (default: IFTSTA, CODECO, CUSCAR, IFTMIN). */
  messages?: readonly string[];
  /** The participant id of a UNB sender, for messages without NAD+MS (default: the UNB id itself). */
  participantOf?: (sender: PartyId) => string | undefined;
  /**
   * What the messages' ids are derived with (see envelope-id.ts): the exchange's secret and the participant that sent
   * the interchange (by default the UNB sender's, `participantOf`). The exchange's doors always pass the secret;
   * without it (reading samples offline) the ids are derived under an empty one.
   */
  ids?: Partial<EdifactIdKey> & Pick<EdifactIdKey, 'secret'>;
}

const ENVELOPE_ORDER = [
  'id',
  'type',
  'version',
  'sender',
  'consignmentRef',
  'createdAt',
  'recipients',
  'correlationId',
  'payload',
];

/**
 * An interchange as envelopes, one per message, each to be judged as if it had been posted as JSON. A message with a
 * syntax error (or in an interchange with one) has no envelope: it is answered with CONTRL.
 */
export function translateInterchange(text: string, options: TranslateOptions = {}): TranslatedInterchange {
  const accepted = options.messages ?? INBOUND_MESSAGES;
  const interchange = readInterchange(text, (type) => accepted.includes(type));
  const messages = interchange.messages.map((message) => translateMessage(interchange, message, options));
  return { interchange, messages };
}

function translateMessage(
  interchange: Interchange,
  message: MessageSegments,
  options: TranslateOptions,
): TranslatedMessage {
  const base = {
    reference: message.reference,
    message: message.identifier.type,
    ignored: [] as { tag: string; position: number }[],
  };
  const table = MESSAGE_TABLES[message.identifier.type];
  if (message.errors.length > 0 || table === undefined || interchange.header === undefined) {
    return { ...base, positions: new Map(), errors: message.errors };
  }
  const read = readMessage(table, message.reference, message.segments);
  const ignored = read.ignored.map(({ tag, position }) => ({ tag, position }));
  if (read.errors.length > 0 || interchange.errors.length > 0)
    return { ...base, ignored, positions: read.positions, errors: read.errors };
  const header = interchange.header;
  const unh = message.segments[0];
  const value = read.value;
  const positions = read.positions;
  value.type = table.type;
  positions.set('/type', locationOf(unh, message.reference, 1, 0));
  value.version = /^CX(\d+\.\d+)$/.exec(message.identifier.association ?? '')?.[1] ?? '1.0';
  positions.set('/version', locationOf(unh, message.reference, 1, message.identifier.association ? 4 : 0));
  if (value.id === undefined) {
    const key = {
      secret: options.ids?.secret ?? Buffer.alloc(0),
      participant: options.ids?.participant ?? options.participantOf?.(header.sender) ?? header.sender.id,
    };
    value.id = edifactEnvelopeId(key, header.sender, header.controlReference, message.reference);
    positions.set('/id', locationOf(unh, message.reference, 0));
  }
  if (value.sender === undefined) {
    value.sender = options.participantOf?.(header.sender) ?? header.sender.id;
    positions.set('/sender', locationOf({ tag: 'UNB', position: 1 }, undefined, 1, 0));
  }
  positions.set('', locationOf(unh, message.reference));
  positions.set('/payload', locationOf(unh, message.reference));
  return { ...base, ignored, envelope: inEnvelopeOrder({ payload: {}, ...value }), positions, errors: [] };
}

function inEnvelopeOrder(value: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(value).sort((a, b) => rank(a) - rank(b));
  return Object.fromEntries(keys.map((k) => [k, value[k]]));
}

function rank(key: string): number {
  const i = ENVELOPE_ORDER.indexOf(key);
  return i === -1 ? ENVELOPE_ORDER.length : i;
}
