import { locationOf } from '../location';
import { valueAt, type ReadSegment } from './segment';
import type { ServiceCharacters } from './service-characters';
import { SYNTAX_ERROR_CODES, type EdifactSyntaxError, type SyntaxErrorCode } from './syntax-error';
import { tokenize } from './tokenize';
import {
  closeMessage,
  within,
  withSegmentErrors,
  type MessageSegments,
  type SpannedMessage,
} from './message-segments';

export type { MessageIdentifier, MessageSegments } from './message-segments';

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
  // An interchange is UNB, one or more messages, UNZ: one of none would be answered with nothing, and leave no trace.
  if (messages.length === 0) {
    errors.push(
      serviceError('edifact.no-message', 'the interchange holds no message (UNH…UNT)', {
        tag: 'UNH',
        position: 2,
      }),
    );
  }
  // Each message's id is derived from its reference (envelope-id.ts): a reference used twice would make two one.
  const references = new Set<string>();
  for (const m of messages) {
    if (references.has(m.reference)) {
      errors.push({
        rule: 'edifact.unh-message-reference',
        code: SYNTAX_ERROR_CODES.duplicateDetected,
        message: `message reference ${m.reference} is used by an earlier message of the interchange`,
        location: locationOf(m.segments[0], m.reference, 0),
      });
    }
    references.add(m.reference);
  }
  return {
    ...result,
    header,
    messages: messages.map((m) => withSegmentErrors(m, tokens.errors)),
    errors: [...tokens.errors.filter((e) => !messages.some((m) => within(m, e))), ...errors],
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
): SpannedMessage[] {
  const messages: SpannedMessage[] = [];
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
