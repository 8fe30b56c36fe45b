import type { EdifactLocation } from '../location';

/**
 * Syntax error codes (data element 0085) of the D.96B CONTRL message, the directory the exchange answers in.
 * Later directories renumbered them (ISO 9735 version 4: 12 invalid value, 13 missing, ...).
 */
export const SYNTAX_ERROR_CODES = {
  unaNotSupported: '1',
  syntaxVersionNotSupported: '2',
  messageTypeNotSupported: '3',
  serviceSegmentMissingOrInvalid: '4',
  trailerCheckInError: '5',
  dataSegmentMissingOrInvalid: '6',
  tooManyDataElements: '8',
  dataElementAttributeError: '10',
  invalidCharacter: '21',
  duplicateDetected: '26',
} as const;

export type SyntaxErrorCode = (typeof SYNTAX_ERROR_CODES)[keyof typeof SYNTAX_ERROR_CODES];

/** One syntax error: the rule broken, its CONTRL code, words for a person, and where in the interchange. */
export interface EdifactSyntaxError {
  rule: string;
  code: SyntaxErrorCode;
  message: string;
  location: EdifactLocation;
}

export function syntaxError(
  rule: string,
  code: SyntaxErrorCode,
  message: string,
  location: EdifactLocation,
): EdifactSyntaxError {
  return { rule, code, message, location };
}
