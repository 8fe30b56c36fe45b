import { locationOf } from '../location';
import { valueAt, type ReadSegment } from './segment';
import { SYNTAX_ERROR_CODES, syntaxError, type EdifactSyntaxError } from './syntax-error';

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

/** A message with the positions of its UNH and last segment in the interchange. */
export type SpannedMessage = MessageSegments & { span: readonly [first: number, last: number] };

/**
 * One message from UNH to UNT (`unt` undefined when the next UNH or the end came first), checked: a type the exchange
 * `supports` in directory D.96B or later, UNT present with the segment count and reference of this message.
 */
export function closeMessage(
  body: readonly ReadSegment[],
  unt: ReadSegment | undefined,
  supports: (type: string) => boolean,
): SpannedMessage {
  const unh = body[0];
  const reference = valueAt(unh, 0);
  const segments = [...body, ...(unt ? [unt] : [])].map((s, i) => ({ ...s, position: i + 1 }));
  const identifier = readIdentifier(unh);
  const at = (segment: ReadSegment, element: number, component = 0) =>
    locationOf(segment, reference, element, component);
  const errors: EdifactSyntaxError[] = [];
  const unsupported = unsupportedType(identifier, supports);
  if (unsupported) {
    const code = SYNTAX_ERROR_CODES.messageTypeNotSupported;
    errors.push(
      syntaxError(
        'edifact.message-type',
        code,
        unsupported.message,
        at(segments[0], 1, unsupported.component),
      ),
    );
  }
  const trailer = segments[segments.length - 1];
  if (!unt) {
    const location = { message: reference, segment: { tag: 'UNT', position: segments.length + 1 } };
    errors.push(
      syntaxError(
        'edifact.unt',
        SYNTAX_ERROR_CODES.serviceSegmentMissingOrInvalid,
        `message ${reference} has no UNT`,
        location,
      ),
    );
  } else {
    const code = SYNTAX_ERROR_CODES.trailerCheckInError;
    const [count, untReference] = [valueAt(unt, 0), valueAt(unt, 1)];
    if (count !== String(segments.length)) {
      const message = `UNT counts ${count} segments, the message has ${segments.length} (UNH to UNT)`;
      errors.push(syntaxError('edifact.unt-segment-count', code, message, at(trailer, 0)));
    }
    if (untReference !== reference) {
      const message = `UNT names message reference ${untReference}, UNH ${reference}`;
      errors.push(syntaxError('edifact.unt-message-reference', code, message, at(trailer, 1)));
    }
  }
  return {
    reference,
    identifier,
    segments,
    errors,
    span: [unh.position, (unt ?? body[body.length - 1]).position],
  };
}

/** Whether an error (positioned in the interchange) stands within the message. */
export const within = (message: SpannedMessage, error: EdifactSyntaxError): boolean =>
  error.location.segment.position >= message.span[0] && error.location.segment.position <= message.span[1];

/** The message with the tokenizer's errors found within it, renumbered as positions in the message. */
export function withSegmentErrors(
  message: SpannedMessage,
  found: readonly EdifactSyntaxError[],
): MessageSegments {
  const { span, ...rest } = message;
  const renumbered = found
    .filter((e) => within(message, e))
    .map((e) => ({
      ...e,
      location: {
        ...e.location,
        message: message.reference,
        segment: { ...e.location.segment, position: e.location.segment.position - span[0] + 1 },
      },
    }));
  return { ...rest, errors: [...renumbered, ...message.errors] };
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

/** Why the exchange cannot read this message, and in which component of S009; undefined when it can. */
function unsupportedType(
  id: MessageIdentifier,
  supports: (type: string) => boolean,
): { message: string; component: number } | undefined {
  if (!supports(id.type))
    return { message: `message type ${id.type || '(none)'} is not supported`, component: 0 };
  if (id.version !== 'D' || id.agency !== 'UN' || releaseOrder(id.release) < releaseOrder('96B')) {
    const message = `directory ${id.version}:${id.release}:${id.agency} is not supported: D.96B or later of UN`;
    return { message, component: 2 };
  }
  return undefined;
}

/** Directory releases in order: 96A < 96B < 97A … < 99B < 00A < 01B … (two-digit years from 1990). */
function releaseOrder(release: string): number {
  const match = /^(\d{2})([AB])$/.exec(release);
  if (!match) return -1;
  const year = Number(match[1]);
  return (year >= 90 ? 1900 + year : 2000 + year) * 2 + (match[2] === 'B' ? 1 : 0);
}
