import { locationOf } from './location';
import { SYNTAX_ERROR_CODES, type EdifactSyntaxError } from './syntax/syntax-error';
import { translateInterchange, type TranslatedInterchange, type TranslateOptions } from './translate';

/**
 * The character set of each syntax identifier (UNB S001 0001) the exchange reads: UNOA and UNOB are 7-bit, UNOC to
 * UNOK the parts of ISO 8859, UNOW and UNOY UTF-8 (ISO 9735 version 4).
 */
const CHARACTER_SETS: Record<string, string> = {
  UNOA: 'ascii',
  UNOB: 'ascii',
  UNOC: 'iso-8859-1',
  UNOD: 'iso-8859-2',
  UNOE: 'iso-8859-5',
  UNOF: 'iso-8859-7',
  UNOG: 'iso-8859-3',
  UNOH: 'iso-8859-4',
  UNOI: 'iso-8859-6',
  UNOJ: 'iso-8859-8',
  UNOK: 'iso-8859-9',
  UNOW: 'utf-8',
  UNOY: 'utf-8',
};

/** The syntax identifier UNB names, read from the bytes before anything is decoded (UNA and UNB are 7-bit). */
export function syntaxIdentifierOf(bytes: Buffer): string {
  const head = bytes.subarray(0, 64).toString('latin1');
  const una = head.startsWith('UNA');
  const separator = una ? head.charAt(4) : '+';
  const at = head.indexOf(`UNB${separator}`);
  return at === -1 ? '' : head.slice(at + 4, at + 8);
}

/**
 * How many messages an interchange holds at most, counted without reading it (UNH after a segment terminator): what
 * a caller charges and bounds before paying for the translation. A released terminator before `UNH` counts too, so
 * the count may be high, never low.
 */
export function countMessages(bytes: Buffer): number {
  // Read as the tokenizer will read it: a UNA naming a character of several bytes (UTF-8 in UNOW) is one character.
  const { text } = decodeInterchange(bytes);
  const [element, terminator] = text.startsWith('UNA') ? [text.charAt(4), text.charAt(8)] : ['+', "'"];
  const unh = new RegExp(`${escape(terminator)}[\\r\\n]*UNH${escape(element)}`, 'g');
  return (text.match(unh) ?? []).length;
}

const escape = (c: string) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The bytes of an interchange as text, by the character set its syntax identifier names; a problem when the bytes
 * are not of that set (a byte over 127 in UNOA, invalid UTF-8 in UNOW). An unknown identifier is decoded as
 * ISO 8859-1, for `readInterchange` to report.
 */
export function decodeInterchange(bytes: Buffer): { text: string; error?: EdifactSyntaxError } {
  const identifier = syntaxIdentifierOf(bytes);
  const charset = CHARACTER_SETS[identifier] ?? 'iso-8859-1';
  const latin1 = bytes.toString('latin1');
  if (charset === 'iso-8859-1') return { text: latin1 };
  if (charset === 'ascii') {
    return bytes.some((b) => b > 0x7f)
      ? { text: latin1, error: characterError(identifier, 'a byte over 127') }
      : { text: latin1 };
  }
  try {
    return { text: new TextDecoder(charset, { fatal: true }).decode(bytes) };
  } catch {
    return { text: latin1, error: characterError(identifier, `bytes that are not ${charset.toUpperCase()}`) };
  }
}

/**
 * `translateInterchange` of received bytes: decoded by their syntax identifier; bytes that are not of its character
 * set stop the whole interchange (an error of the interchange, as in CONTRL), UNB still read for the answer. What a
 * door receives always has its ids derived under the exchange's secret (`ids`).
 */
export function translateInterchangeBytes(
  bytes: Buffer,
  options: TranslateOptions & Required<Pick<TranslateOptions, 'ids'>>,
): TranslatedInterchange {
  const { text, error } = decodeInterchange(bytes);
  const translated = translateInterchange(text, options);
  if (error === undefined) return translated;
  return {
    interchange: { ...translated.interchange, errors: [error, ...translated.interchange.errors] },
    messages: translated.messages.map((m) => ({ ...m, envelope: undefined })),
  };
}

function characterError(identifier: string, found: string): EdifactSyntaxError {
  return {
    rule: 'edifact.character-set',
    code: SYNTAX_ERROR_CODES.invalidCharacter,
    message: `the interchange declares ${identifier} but holds ${found}`,
    location: locationOf({ tag: 'UNB', position: 1 }, undefined, 0, 0),
  };
}
