import { RenderError } from './mapping/codecs';
import { writeMessage } from './mapping/write-message';
import { MESSAGE_TABLES, OUTBOUND_MESSAGE } from './messages';
import type { MessageIdentifier, PartyId } from './syntax/interchange';
import type { Segment } from './syntax/segment';
import { serializeSegments } from './syntax/serialize';
import {
  DEFAULT_SERVICE_CHARACTERS_V3,
  DEFAULT_SERVICE_CHARACTERS_V4,
  type ServiceCharacters,
} from './syntax/service-characters';

/** The directory the exchange writes in. */
export const OUTBOUND_DIRECTORY = { version: 'D', release: '96B', agency: 'UN' } as const;

export interface InterchangeOptions {
  sender: PartyId;
  recipient: PartyId;
  controlReference: string;
  /** A Date (written in UTC), or UNB S004 as read from another interchange. */
  preparedAt: Date | { date: string; time: string };
  /** Default UNOW (UTF-8) version 4: the corridor's names are Cyrillic, Georgian and Azerbaijani Latin. */
  syntax?: { identifier: string; version: string };
  serviceCharacters?: ServiceCharacters;
  lineBreaks?: boolean;
  /** Whether to write UNA (default true). */
  una?: boolean;
}

/** One message to render: the envelope, its message reference (UNH 0062), and optionally the message or identifier. */
export interface OutboundMessage {
  envelope: Readonly<Record<string, unknown>> & { type: string; version: string };
  reference: string;
  /** E.g. CODECO for a gate move; default by type (IFTSTA, CUSCAR, IFTMIN, CUSRES, APERAK). */
  message?: string;
  /** UNH S009 as given (a message read in another release, rendered back); default D:96B:UN and CX<version>. */
  identifier?: MessageIdentifier;
}

/** The segments UNH…UNT of one envelope. Throws RenderError when the type has no message or a value does not fit. */
export function renderMessage(outbound: OutboundMessage): Segment[] {
  const { envelope, reference } = outbound;
  const name = outbound.message ?? OUTBOUND_MESSAGE[envelope.type];
  const table = name === undefined ? undefined : MESSAGE_TABLES[name];
  if (table === undefined || table.type !== envelope.type) {
    throw new RenderError(`${envelope.type} has no EDIFACT message${name ? ` ${name}` : ''}`);
  }
  // Standard 1.2's corrections have no mapping yet: rendering one without `supersedes` would pass it off as new.
  if (envelope.supersedes !== undefined) {
    throw new RenderError(`${envelope.type}: a correction has no EDIFACT mapping yet`);
  }
  const id = outbound.identifier ?? {
    type: table.message,
    ...OUTBOUND_DIRECTORY,
    association: `CX${envelope.version}`,
  };
  const unh: Segment = {
    tag: 'UNH',
    elements: [
      [reference],
      [id.type, id.version, id.release, id.agency, ...(id.association ? [id.association] : [])],
    ],
  };
  const body = writeMessage(table.rules, envelope);
  return [unh, ...body, { tag: 'UNT', elements: [[String(body.length + 2)], [reference]] }];
}

/** A whole interchange (UNA, UNB, the messages, UNZ) as text. */
export function renderInterchange(options: InterchangeOptions, messages: readonly OutboundMessage[]): string {
  return interchangeText(options, messages.map(renderMessage).flat());
}

/** UNA, UNB, the given message segments, UNZ with the count of UNH. */
export function interchangeText(options: InterchangeOptions, messageSegments: readonly Segment[]): string {
  const syntax = options.syntax ?? { identifier: 'UNOW', version: '4' };
  const chars =
    options.serviceCharacters ??
    (syntax.version === '4' ? DEFAULT_SERVICE_CHARACTERS_V4 : DEFAULT_SERVICE_CHARACTERS_V3);
  const count = messageSegments.filter((s) => s.tag === 'UNH').length;
  const segments = [
    interchangeHeader(options, syntax),
    ...messageSegments,
    { tag: 'UNZ', elements: [[String(count)], [options.controlReference]] },
  ];
  return serializeSegments(segments, chars, { lineBreaks: options.lineBreaks, una: options.una });
}

export function interchangeHeader(
  options: InterchangeOptions,
  syntax: { identifier: string; version: string },
): Segment {
  const prepared = options.preparedAt;
  const iso = prepared instanceof Date ? prepared.toISOString() : '';
  const date = iso.slice(0, 10).replace(/-/g, '');
  const s004 =
    prepared instanceof Date
      ? [syntax.version === '4' ? date : date.slice(2), iso.slice(11, 16).replace(':', '')]
      : [prepared.date, prepared.time];
  const party = (p: PartyId) => [p.id, ...(p.qualifier ? [p.qualifier] : [])];
  return {
    tag: 'UNB',
    elements: [
      [syntax.identifier, syntax.version],
      party(options.sender),
      party(options.recipient),
      s004,
      [options.controlReference],
    ],
  };
}
