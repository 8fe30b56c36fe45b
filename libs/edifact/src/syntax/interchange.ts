import { locationOf } from '../location';
import { valueAt, type ReadSegment } from './segment';
import type { ServiceCharacters } from './service-characters';
import { SYNTAX_ERROR_CODES, type EdifactSyntaxError, type SyntaxErrorCode } from './syntax-error';
import { tokenize } from './tokenize';

export interface PartyId {
  id: string;
  qualifier?: string;
}

/** What UNB says of the interchange. */
export interface InterchangeHeader {
  syntax: { identifier: string; version: string };
  sender: PartyId;
  recipient: PartyId;
  preparedAt: { date: string; time: string };
  controlReference: string;
}

/** UNH S009: message type, version, release, controlling agency, association assigned code. */
export interface MessageIdentifier {
  type: string;
  version: string;
  release: string;
  agency: string;
  association?: string;
}

/** One UNH…UNT, its segments numbered from UNH = 1, and the syntax errors found in it. */
export interface MessageSegments {
  reference: string;
  identifier: MessageIdentifier;
  segments: ReadSegment[];
  errors: EdifactSyntaxError[];
}

export interface Interchange {
  serviceCharacters: ServiceCharacters;
  una: boolean;
  header?: InterchangeHeader;
  messages: MessageSegments[];
  /** Errors of the interchange as a whole (UNA, UNB, UNZ, segments outside messages): all its messages fail. */
  errors: EdifactSyntaxError[];
}

const SYNTAX_IDENTIFIERS = /^UNO[A-Y]$/;

/**
 * Reads an interchange: UNA?, UNB, one or more UNH…UNT, UNZ, with the checks of the syntax: control counts and
 * references in UNT and UNZ, message types the exchange knows (`supports`), directory D.96B or later.
 */
export function readInterchange(text: string, supports: (type: string) => boolean): Interchange {
  const tokens = tokenize(text);
  const errors: EdifactSyntaxError[] = [];
  const result = { serviceCharacters: tokens.serviceCharacters, una: tokens.una, messages: [], errors };
  const segments = tokens.segments;
  if (tokens.errors.some((e) => e.rule === 'edifact.una')) return { ...result, errors: tokens.errors };
  const unb = segments[0];
  if (unb?.tag !== 'UNB') {
    errors.push(
      serviceError(
        'edifact.unb',
        'the interchange must begin with UNB',
        segments[0] ?? { tag: 'UNB', position: 1 },
      ),
    );
    return result;
  }
  const header = readHeader(unb, errors);
  const messages = readMessages(segments.slice(1), header.controlReference, supports, errors);
  return {
    ...result,
    header,
    messages: messages.map((m) => withSegmentErrors(m, tokens.errors)),
    errors: [...outside(messages, tokens.errors), ...errors],
  };
}

function readHeader(unb: ReadSegment, errors: EdifactSyntaxError[]): InterchangeHeader {
  const header: InterchangeHeader = {
    syntax: { identifier: valueAt(unb, 0, 0), version: valueAt(unb, 0, 1) },
    sender: party(valueAt(unb, 1, 0), valueAt(unb, 1, 1)),
    recipient: party(valueAt(unb, 2, 0), valueAt(unb, 2, 1)),
    preparedAt: { date: valueAt(unb, 3, 0), time: valueAt(unb, 3, 1) },
    controlReference: valueAt(unb, 4),
  };
  if (!SYNTAX_IDENTIFIERS.test(header.syntax.identifier) || !/^[1-4]$/.test(header.syntax.version)) {
    errors.push({
      rule: 'edifact.syntax-identifier',
      code: SYNTAX_ERROR_CODES.syntaxVersionNotSupported,
      message: `syntax identifier ${header.syntax.identifier}:${header.syntax.version} is not supported`,
      location: locationOf(unb, undefined, 0, 0),
    });
  }
  const required = [
    ['sender identification', header.sender.id, 1],
    ['recipient identification', header.recipient.id, 2],
    ['control reference', header.controlReference, 4],
  ] as const;
  for (const [name, , element] of required.filter(([, value]) => value === '')) {
    errors.push(serviceError('edifact.unb', `UNB lacks its interchange ${name}`, unb, element));
  }
  return header;
}

function party(id: string, qualifier: string): PartyId {
  return qualifier === '' ? { id } : { id, qualifier };
}

function readMessages(
  segments: ReadSegment[],
  controlReference: string,
  supports: (type: string) => boolean,
  errors: EdifactSyntaxError[],
): (MessageSegments & { span: [number, number] })[] {
  const messages: (MessageSegments & { span: [number, number] })[] = [];
  let open: ReadSegment[] | undefined;
  for (const segment of segments) {
    if (segment.tag === 'UNH') {
      if (open) messages.push(closeMessage(open, undefined, supports));
      open = [segment];
    } else if (open) {
      open.push(segment);
      if (segment.tag === 'UNT') {
        messages.push(closeMessage(open.slice(0, -1), segment, supports));
        open = undefined;
      }
    } else if (segment.tag === 'UNZ') {
      checkTrailer(segment, messages.length, controlReference, errors);
      if (segment !== segments[segments.length - 1]) {
        errors.push(serviceError('edifact.unz', 'segments follow UNZ', segment));
      }
      return messages;
    } else {
      errors.push(
        serviceError('edifact.outside-message', `${segment.tag} stands outside any UNH…UNT`, segment),
      );
    }
  }
  if (open) messages.push(closeMessage(open, undefined, supports));
  errors.push(
    serviceError('edifact.unz', 'the interchange must end with UNZ', {
      tag: 'UNZ',
      position: segments.length + 2,
    }),
  );
  return messages;
}

function checkTrailer(
  unz: ReadSegment,
  messageCount: number,
  controlReference: string,
  errors: EdifactSyntaxError[],
) {
  const count = valueAt(unz, 0);
  if (count !== String(messageCount)) {
    errors.push(
      trailerError(
        'edifact.unz-message-count',
        `UNZ counts ${count} messages, the interchange has ${messageCount}`,
        unz,
        0,
      ),
    );
  }
  const reference = valueAt(unz, 1);
  if (reference !== controlReference) {
    errors.push(
      trailerError(
        'edifact.unz-control-reference',
        `UNZ names control reference ${reference}, UNB ${controlReference}`,
        unz,
        1,
      ),
    );
  }
}

function closeMessage(
  body: ReadSegment[],
  unt: ReadSegment | undefined,
  supports: (type: string) => boolean,
): MessageSegments & { span: [number, number] } {
  const unh = body[0];
  const span: [number, number] = [unh.position, (unt ?? body[body.length - 1]).position];
  const reference = valueAt(unh, 0);
  const segments = [...body, ...(unt ? [unt] : [])].map((s, i) => ({ ...s, position: i + 1 }));
  const identifier = readIdentifier(unh);
  const errors: EdifactSyntaxError[] = [];
  const at = (segment: ReadSegment, element?: number, component?: number) =>
    locationOf(segment, reference, element, component);
  const unsupported = unsupportedType(identifier, supports);
  if (unsupported !== undefined) {
    errors.push({
      rule: 'edifact.message-type',
      code: SYNTAX_ERROR_CODES.messageTypeNotSupported,
      message: unsupported,
      location: at(segments[0], 1, unsupported.startsWith('message type') ? 0 : 2),
    });
  }
  const trailer = segments[segments.length - 1];
  if (!unt) {
    errors.push({
      rule: 'edifact.unt',
      code: SYNTAX_ERROR_CODES.serviceSegmentMissingOrInvalid,
      message: `message ${reference} has no UNT`,
      location: { message: reference, segment: { tag: 'UNT', position: segments.length + 1 } },
    });
  } else {
    if (valueAt(unt, 0) !== String(segments.length)) {
      errors.push({
        rule: 'edifact.unt-segment-count',
        code: SYNTAX_ERROR_CODES.trailerCheckInError,
        message: `UNT counts ${valueAt(unt, 0)} segments, the message has ${segments.length} (UNH to UNT)`,
        location: at(trailer, 0),
      });
    }
    if (valueAt(unt, 1) !== reference) {
      errors.push({
        rule: 'edifact.unt-message-reference',
        code: SYNTAX_ERROR_CODES.trailerCheckInError,
        message: `UNT names message reference ${valueAt(unt, 1)}, UNH ${reference}`,
        location: at(trailer, 1),
      });
    }
  }
  return { reference, identifier, segments, errors, span };
}

/** The tokenizer's errors within a message, renumbered as positions in the message. */
function withSegmentErrors(
  message: MessageSegments & { span: [number, number] },
  found: readonly EdifactSyntaxError[],
): MessageSegments {
  const { span, ...rest } = message;
  const inside = found.filter(
    (e) => e.location.segment.position >= span[0] && e.location.segment.position <= span[1],
  );
  const renumbered = inside.map((e) => ({
    ...e,
    location: {
      ...e.location,
      message: message.reference,
      segment: { ...e.location.segment, position: e.location.segment.position - span[0] + 1 },
    },
  }));
  return { ...rest, errors: [...renumbered, ...message.errors] };
}

function outside(
  messages: readonly { span: [number, number] }[],
  found: readonly EdifactSyntaxError[],
): EdifactSyntaxError[] {
  return found.filter(
    (e) =>
      !messages.some(
        ({ span }) => e.location.segment.position >= span[0] && e.location.segment.position <= span[1],
      ),
  );
}

function readIdentifier(unh: ReadSegment): MessageIdentifier {
  const association = valueAt(unh, 1, 4);
  return {
    type: valueAt(unh, 1, 0),
    version: valueAt(unh, 1, 1),
    release: valueAt(unh, 1, 2),
    agency: valueAt(unh, 1, 3),
    ...(association === '' ? {} : { association }),
  };
}

/** Why the exchange cannot read this message type, or undefined: a type it maps, from directory D.96B on. */
function unsupportedType(id: MessageIdentifier, supports: (type: string) => boolean): string | undefined {
  if (!supports(id.type)) return `message type ${id.type || '(none)'} is not supported`;
  if (id.version !== 'D' || id.agency !== 'UN' || releaseYear(id.release) < releaseYear('96B')) {
    return `directory ${id.version}:${id.release}:${id.agency} is not supported: D.96B or later of UN`;
  }
  return undefined;
}

function releaseYear(release: string): number {
  const match = /^(\d{2})([AB])$/.exec(release);
  if (!match) return -1;
  const year = Number(match[1]);
  return (year >= 90 ? 1900 + year : 2000 + year) * 2 + (match[2] === 'B' ? 1 : 0);
}

function serviceError(
  rule: string,
  message: string,
  segment: { tag: string; position: number },
  element?: number,
) {
  return {
    rule,
    code: SYNTAX_ERROR_CODES.serviceSegmentMissingOrInvalid as SyntaxErrorCode,
    message,
    location: locationOf(segment, undefined, element),
  };
}

function trailerError(
  rule: string,
  message: string,
  segment: ReadSegment,
  element: number,
): EdifactSyntaxError {
  return {
    rule,
    code: SYNTAX_ERROR_CODES.trailerCheckInError,
    message,
    location: locationOf(segment, undefined, element),
  };
}
