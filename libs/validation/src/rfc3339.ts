/**
 * RFC 3339 date-times (section 5.6): `2026-11-24T10:00:00Z`, `2026-11-24T14:00:00.5+04:00`.
 * A time zone is required. A leap second (`:60`) is accepted and counts as the last millisecond of its minute.
 * Parsed by hand, without a regular expression or a Date: every message carries several of these.
 */

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const MS_PER_DAY = 86_400_000;

/** Milliseconds since the Unix epoch, or undefined when `text` is not an RFC 3339 date-time. */
export function parseRfc3339(text: string): number | undefined {
  if (text.length < 20 || !separatorsAt(text)) return undefined;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  // Written so that NaN, from a non-digit, fails every test.
  if (!(year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)))
    return undefined;
  if (!(hour <= 23 && minute <= 59 && second <= 60)) return undefined;

  let i = 19;
  let milliseconds = 0;
  if (text[i] === '.') {
    const start = ++i;
    while (i < text.length && isDigit(text.charCodeAt(i))) i++;
    const count = i - start;
    if (count < 1 || count > 9) return undefined;
    milliseconds = Math.floor(digits(text, start, Math.min(count, 3)) * 10 ** (3 - Math.min(count, 3)));
  }
  const offset = offsetMinutes(text, i);
  if (offset === undefined) return undefined;
  if (second === 60) milliseconds = 999;

  const days = daysFromCivil(year, month, day);
  const ms = ((hour * 60 + minute - offset) * 60 + Math.min(second, 59)) * 1000 + milliseconds;
  return days * MS_PER_DAY + ms;
}

export function isRfc3339DateTime(text: string): boolean {
  return parseRfc3339(text) !== undefined;
}

function separatorsAt(text: string): boolean {
  const t = text[10];
  return (
    text[4] === '-' && text[7] === '-' && (t === 'T' || t === 't') && text[13] === ':' && text[16] === ':'
  );
}

/** The zone at `i` in minutes east of UTC (`Z` or `±hh:mm` ending the text), or undefined. */
function offsetMinutes(text: string, i: number): number | undefined {
  const sign = text[i];
  if (sign === 'Z' || sign === 'z') return i + 1 === text.length ? 0 : undefined;
  if ((sign !== '+' && sign !== '-') || i + 6 !== text.length || text[i + 3] !== ':') return undefined;
  const hours = digits(text, i + 1, 2);
  const minutes = digits(text, i + 4, 2);
  if (!(hours <= 23 && minutes <= 59)) return undefined;
  return (sign === '-' ? -1 : 1) * (hours * 60 + minutes);
}

/** The decimal number of `length` digits at `start`, or NaN when one is not a digit. */
function digits(text: string, start: number, length: number): number {
  let value = 0;
  for (let i = start; i < start + length; i++) {
    const code = text.charCodeAt(i);
    if (!isDigit(code)) return NaN;
    value = value * 10 + (code - 48);
  }
  return value;
}

const isDigit = (code: number): boolean => code >= 48 && code <= 57;

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}
