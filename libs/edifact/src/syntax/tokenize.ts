import { locationOf, type EdifactLocation } from '../location';
import type { ReadSegment } from './segment';
import {
  DEFAULT_SERVICE_CHARACTERS_V3,
  DEFAULT_SERVICE_CHARACTERS_V4,
  readUna,
  type ServiceCharacters,
} from './service-characters';
import { SYNTAX_ERROR_CODES, type EdifactSyntaxError } from './syntax-error';

export interface Tokens {
  serviceCharacters: ServiceCharacters;
  /** Whether the interchange began with a UNA service string advice. */
  una: boolean;
  segments: ReadSegment[];
  errors: EdifactSyntaxError[];
}

/**
 * Splits an interchange into segments: the UNA advice (or the defaults of the syntax version UNB names), the release
 * character before any service character taken as data, line breaks between segments ignored.
 */
export function tokenize(text: string): Tokens {
  const una = text.startsWith('UNA');
  const chars = una ? readUna(text.slice(3, 9)) : defaultsFor(text);
  if (typeof chars === 'string') {
    return { serviceCharacters: DEFAULT_SERVICE_CHARACTERS_V4, una, segments: [], errors: [unaError(chars)] };
  }
  const reader = new SegmentReader(text.replace(/[\r\n]+$/, ''), chars);
  reader.skip(una ? 9 : 0);
  return { serviceCharacters: chars, una, ...reader.readAll() };
}

function defaultsFor(text: string): ServiceCharacters {
  return /^\s*UNB\+UNO[A-Z]:4/.test(text) ? DEFAULT_SERVICE_CHARACTERS_V4 : DEFAULT_SERVICE_CHARACTERS_V3;
}

function unaError(message: string): EdifactSyntaxError {
  return {
    rule: 'edifact.una',
    code: SYNTAX_ERROR_CODES.unaNotSupported,
    message,
    location: { segment: { tag: 'UNA', position: 0 } },
  };
}

class SegmentReader {
  private at = 0;
  private readonly segments: ReadSegment[] = [];
  private readonly errors: EdifactSyntaxError[] = [];

  constructor(
    private readonly text: string,
    private readonly chars: ServiceCharacters,
  ) {}

  skip(count: number): void {
    this.at += count;
    this.skipLineBreaks();
  }

  readAll(): { segments: ReadSegment[]; errors: EdifactSyntaxError[] } {
    while (this.at < this.text.length) this.readSegment();
    return { segments: this.segments, errors: this.errors };
  }

  private skipLineBreaks(): void {
    while (this.at < this.text.length && (this.text[this.at] === '\r' || this.text[this.at] === '\n'))
      this.at++;
  }

  private readSegment(): void {
    const { component, element, release, repetition, segment: terminator } = this.chars;
    const offset = this.at;
    const position = this.segments.length + 1;
    const elements: string[][] = [[]];
    let value = '';
    let terminated = false;
    const repeated: number[] = [];
    while (this.at < this.text.length) {
      const c = this.text[this.at++];
      if (c === release) {
        if (this.at >= this.text.length) break;
        value += this.text[this.at++];
      } else if (c === terminator) {
        terminated = true;
        break;
      } else if (c === element || c === component) {
        elements[elements.length - 1].push(value);
        value = '';
        if (c === element) elements.push([]);
      } else if (c === repetition && repetition !== ' ') {
        repeated.push(elements.length - 2);
        value += c;
      } else value += c;
    }
    elements[elements.length - 1].push(value);
    const [[tag], ...data] = elements;
    this.segments.push({ tag, elements: data, position, offset });
    for (const index of repeated) this.repetitionError(locationOf({ tag, position }, undefined, index));
    if (!terminated)
      this.error(position, tag, 'the interchange ends inside a segment: its terminator is missing');
    else if (!/^[A-Z][A-Z0-9]{2}$/.test(tag)) this.error(position, tag, `"${tag}" is not a segment tag`);
    this.skipLineBreaks();
  }

  private repetitionError(location: EdifactLocation): void {
    this.errors.push({
      rule: 'edifact.repetition',
      code: SYNTAX_ERROR_CODES.dataElementAttributeError,
      message: 'a data element repeats, which no segment of the supported messages allows',
      location,
    });
  }

  private error(position: number, tag: string, message: string): void {
    this.errors.push({
      rule: 'edifact.segment',
      code: SYNTAX_ERROR_CODES.dataSegmentMissingOrInvalid,
      message,
      location: locationOf({ tag, position }),
    });
  }
}
