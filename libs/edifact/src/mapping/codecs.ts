/**
 * How one envelope value is written into components of a data element and read back. `read` never throws: a value
 * it cannot convert is returned as the text found, so that validation rejects it with its JSON Pointer and the
 * EDIFACT position (the same errors for both syntaxes).
 */
export interface Codec {
  /** The components, from the field's position on. Throws a RenderError when the value cannot be written. */
  write(value: unknown): string[];
  read(components: readonly string[]): unknown;
  /** How many components `read` looks at (default 1). */
  width?: number;
}

/** A value of a valid envelope that EDIFACT cannot carry (too long for the data element, an unknown code). */
export class RenderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RenderError';
  }
}

/** Text in one component of at most `max` characters (the data element's an..max). */
export const text = (max: number): Codec => ({
  write: (value) => [checkedLength(String(value), max)],
  read: ([value]) => value,
});

/** Text spread over `count` components of `size` characters each (C080 party name, C108 free text). */
export const chunked = (size: number, count: number): Codec => ({
  width: count,
  write: (value) => {
    const chars = [...String(value)];
    if (chars.length > size * count)
      throw new RenderError(`"${String(value).slice(0, 40)}…" is longer than ${size * count} characters`);
    const chunks: string[] = [];
    for (let i = 0; i < chars.length; i += size) chunks.push(chars.slice(i, i + size).join(''));
    return chunks;
  },
  read: (components) => components.join(''),
});

/** A decimal number; EDIFACT's decimal comma is read as a point. */
export const decimal: Codec = {
  write: (value) => [numberText(value)],
  read: ([value]) => (/^-?\d+([.,]\d+)?$/.test(value) ? Number(value.replace(',', '.')) : value),
};

/** A code from a code list: envelope value → EDIFACT code. An unknown code is read as it stands. */
export const codes = (table: Readonly<Record<string, string>>): Codec => {
  const reverse = new Map(Object.entries(table).map(([value, code]) => [code, value]));
  return {
    write: (value) => {
      const code = table[String(value)];
      if (code === undefined) throw new RenderError(`${String(value)} has no EDIFACT code`);
      return [code];
    },
    read: ([code]) => reverse.get(code) ?? code,
  };
};

/** A UUID as 32 hexadecimal digits (it does not fit an..35 with its hyphens); read back in lower case with hyphens. */
export const uuid: Codec = {
  write: (value) => [String(value).replace(/-/g, '')],
  read: ([value]) => {
    const m = /^([0-9a-fA-F]{8})([0-9a-fA-F]{4})([0-9a-fA-F]{4})([0-9a-fA-F]{4})([0-9a-fA-F]{12})$/.exec(
      value,
    );
    return m ? m.slice(1).join('-').toLowerCase() : value;
  },
};

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const EDIFACT_TIME = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?([+-]\d{2}(?:\d{2})?|UTC|Z)$/;

/**
 * An RFC 3339 date-time in C507 (2380 value, 2379 format): 303 (CCYYMMDDHHMMZZZ) when the seconds are zero, else 304
 * (CCYYMMDDHHMMSSZZZ); the zone as +HH or +HHMM, UTC as +00 (read back as Z). Fractions of seconds are not carried.
 */
export const dateTime: Codec = {
  width: 2,
  write: (value) => {
    const m = RFC3339.exec(String(value));
    if (!m) throw new RenderError(`${String(value)} is not an RFC 3339 date-time`);
    const [, y, mo, d, h, mi, s, zone] = m;
    const seconds = s === '00' ? '' : s;
    return [`${y}${mo}${d}${h}${mi}${seconds}${zoneText(zone)}`, seconds ? '304' : '303'];
  },
  read: ([value, format]) => {
    const m = EDIFACT_TIME.exec(value);
    if (!m || (format !== '303' && format !== '304') || (format === '304') !== (m[6] !== undefined))
      return value;
    const [, y, mo, d, h, mi, s, zone] = m;
    return `${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${rfcZone(zone)}`;
  },
};

function zoneText(zone: string): string {
  if (zone.toUpperCase() === 'Z') return '+00';
  const [hours, minutes] = zone.split(':');
  return minutes === '00' ? hours : hours + minutes;
}

function rfcZone(zone: string): string {
  if (zone === 'UTC' || zone === 'Z' || /^[+-]00(00)?$/.test(zone)) return 'Z';
  return `${zone.slice(0, 3)}:${zone.length === 5 ? zone.slice(3) : '00'}`;
}

function numberText(value: unknown): string {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new RenderError(`${String(value)} is not a number`);
  const written = String(value);
  if (/e/i.test(written)) throw new RenderError(`${written} needs an exponent, which EDIFACT cannot write`);
  return written;
}

function checkedLength(value: string, max: number): string {
  if ([...value].length > max) throw new RenderError(`"${value}" is longer than ${max} characters`);
  return value;
}
