import { isRfc3339DateTime, parseRfc3339 } from './rfc3339';

describe('RFC 3339 date-times', () => {
  it.each([
    ['2026-11-24T10:00:00Z', Date.UTC(2026, 10, 24, 10)],
    ['2026-11-24T14:00:00+04:00', Date.UTC(2026, 10, 24, 10)],
    ['2026-11-24T05:30:00-04:30', Date.UTC(2026, 10, 24, 10)],
    ['2026-11-24t10:00:00z', Date.UTC(2026, 10, 24, 10)],
    ['2026-11-24T10:00:00.5Z', Date.UTC(2026, 10, 24, 10, 0, 0, 500)],
    ['2026-11-24T10:00:00.123456789Z', Date.UTC(2026, 10, 24, 10, 0, 0, 123)],
    ['2028-02-29T00:00:00Z', Date.UTC(2028, 1, 29)],
    ['2016-12-31T23:59:60Z', Date.UTC(2016, 11, 31, 23, 59, 59, 999)],
    ['0050-01-01T00:00:00Z', -60589296000000],
  ])('%s is %i ms after the epoch', (text, epochMs) => {
    expect(parseRfc3339(text)).toBe(epochMs);
  });

  it.each([
    '2026-11-24T10:00:00', // no time zone
    '2026-11-24 10:00:00Z', // space instead of T
    '2026-11-24T10:00:00+0400', // offset without colon
    '2026-11-24T10:00Z',
    '2026-13-01T00:00:00Z',
    '2027-02-29T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-11-24T24:00:00Z',
    '2026-11-24T10:60:00Z',
    '2026-11-24T10:00:00+24:00',
    '24.11.2026 10:00',
    '',
    '2O26-11-24T10:00:00Z', // a letter O in each field in turn
    '2026-1O-24T10:00:00Z',
    '2026-11-2OT10:00:00Z',
    '2026-11-24T1O:00:00Z',
    '2026-11-24T10:O0:00Z',
    '2026-11-24T10:00:O0Z',
    '2026-11-24T10:00:00.Z',
    '2026-11-24T10:00:00.1234567890Z',
    '2026-11-24T10:00:00+04:O0',
    '2026-11-24T10:00:00Zx',
    '2026-11-24T10:00:00+04:00x',
    '-026-11-24T10:00:00Z',
  ])('%s is not one', (text) => {
    expect(parseRfc3339(text)).toBeUndefined();
    expect(isRfc3339DateTime(text)).toBe(false);
  });
});

describe('parseRfc3339 agrees with Date.parse', () => {
  // A small deterministic generator: the same 500 date-times on every run.
  let seed = 42;
  const next = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed % n;
  };
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const samples = Array.from({ length: 500 }, () => {
    const zone = next(3) === 0 ? 'Z' : `${next(2) ? '+' : '-'}${pad(next(15))}:${pad(next(4) * 15)}`;
    const fraction = next(2) ? `.${pad(next(1000), 3)}` : '';
    return `${1900 + next(250)}-${pad(1 + next(12))}-${pad(1 + next(28))}T${pad(next(24))}:${pad(next(60))}:${pad(next(60))}${fraction}${zone}`;
  });

  it('on 500 random date-times from 1900 to 2149 in various zones', () => {
    const disagreements = samples.filter((text) => parseRfc3339(text) !== Date.parse(text));
    expect(disagreements).toEqual([]);
  });
});
