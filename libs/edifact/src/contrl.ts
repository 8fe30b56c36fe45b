import type { EdifactLocation } from './location';
import { OUTBOUND_DIRECTORY } from './render';
import type { Segment } from './syntax/segment';
import type { EdifactSyntaxError } from './syntax/syntax-error';
import type { TranslatedInterchange } from './translate';

/** CONTRL 0083 action codes: 4 this level and all lower levels rejected, 7 this level acknowledged. */
const REJECTED = '4';
const ACKNOWLEDGED = '7';

/**
 * The CONTRL message (UNH…UNT) answering an interchange: UCI for the interchange (its first error, if any), and for
 * each message a UCM, with UCS and UCD for the segments and data elements in error. Wrap it with `interchangeText`.
 */
export function renderContrl(translated: TranslatedInterchange, reference: string): Segment[] {
  const { interchange, messages } = translated;
  const header = interchange.header;
  const party = (p?: { id: string; qualifier?: string }) =>
    p ? [p.id, ...(p.qualifier ? [p.qualifier] : [])] : [];
  const first = interchange.errors[0];
  const uci: Segment = {
    tag: 'UCI',
    elements: [
      [header?.controlReference ?? ''],
      party(header?.sender),
      party(header?.recipient),
      [first ? REJECTED : ACKNOWLEDGED],
      ...(first ? errorElements(first) : []),
    ],
  };
  const body = [
    uci,
    ...messages.flatMap((m) =>
      messageResponse(
        m.reference,
        interchange.messages.find((s) => s.reference === m.reference)?.identifier,
        m.errors,
      ),
    ),
  ];
  const unh: Segment = {
    tag: 'UNH',
    elements: [
      [reference],
      ['CONTRL', OUTBOUND_DIRECTORY.version, OUTBOUND_DIRECTORY.release, OUTBOUND_DIRECTORY.agency],
    ],
  };
  return [unh, ...body, { tag: 'UNT', elements: [[String(body.length + 2)], [reference]] }];
}

function messageResponse(
  reference: string,
  identifier: { type: string; version: string; release: string; agency: string } | undefined,
  errors: readonly EdifactSyntaxError[],
): Segment[] {
  const envelopeError = errors.find((e) => isServiceSegment(e.location));
  const ucm: Segment = {
    tag: 'UCM',
    elements: [
      [reference],
      identifier ? [identifier.type, identifier.version, identifier.release, identifier.agency] : [],
      [errors.length > 0 ? REJECTED : ACKNOWLEDGED],
      ...(envelopeError ? errorElements(envelopeError) : []),
    ],
  };
  const segmentErrors = errors.filter((e) => !isServiceSegment(e.location));
  return [ucm, ...segmentErrors.flatMap(segmentError)];
}

function segmentError(error: EdifactSyntaxError): Segment[] {
  const element = error.location.element;
  const position = [String(error.location.segment.position)];
  const ucs: Segment = { tag: 'UCS', elements: element ? [position] : [position, [error.code]] };
  if (!element) return [ucs];
  return [ucs, { tag: 'UCD', elements: [[error.code], dataElementPosition(error.location)] }];
}

/** 0085, 0013 and S011 of UCI or UCM. */
function errorElements(error: EdifactSyntaxError): string[][] {
  const tag = error.location.segment.tag;
  const position = dataElementPosition(error.location);
  return [[error.code], tag ? [tag] : [], ...(position.length > 0 ? [position] : [])];
}

/** S011: 0098 counts the tag as 1, so the first data element is 2; 0104 the component from 1. */
function dataElementPosition(location: EdifactLocation): string[] {
  const element = location.element;
  if (!element) return [];
  return [String(element.position + 1), ...(element.component ? [String(element.component)] : [])];
}

function isServiceSegment(location: EdifactLocation): boolean {
  return location.segment.tag === 'UNH' || location.segment.tag === 'UNT';
}
