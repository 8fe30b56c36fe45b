import { RenderError, chunked, codes, dateTime, decimal, text, uuid } from './codecs';

describe('dateTime', () => {
  it.each([
    ['2026-11-24T10:00:00Z', ['202611241000+00', '303']],
    ['2026-11-24T10:00:00+00:00', ['202611241000+00', '303']],
    ['2026-11-24T14:00:00+04:00', ['202611241400+04', '303']],
    ['2026-11-24T14:00:30+05:30', ['20261124140030+0530', '304']],
    ['2026-11-24T07:15:00-03:00', ['202611240715-03', '303']],
    ['2026-11-24T07:15:00.250Z', ['202611240715+00', '303']],
  ])('writes %s as %j', (value, components) => {
    expect(dateTime.write(value)).toEqual(components);
  });

  it.each([
    [['202611241000+00', '303'], '2026-11-24T10:00:00Z'],
    [['202611241000UTC', '303'], '2026-11-24T10:00:00Z'],
    [['202611241400+04', '303'], '2026-11-24T14:00:00+04:00'],
    [['20261124140030+0530', '304'], '2026-11-24T14:00:30+05:30'],
    [['202611241400', '203'], '202611241400'],
    [['20261124140030+04', '303'], '20261124140030+04'],
    [['2026112414', '303'], '2026112414'],
  ])('reads %j as %s (what it cannot read, as found)', (components, value) => {
    expect(dateTime.read(components)).toBe(value);
  });

  it('refuses to write what is no RFC 3339 date-time', () => {
    expect(() => dateTime.write('2026-11-24 10:00')).toThrow(RenderError);
  });
});

describe('the other codecs', () => {
  it('writes a UUID as 32 hexadecimal digits and reads it back in lower case', () => {
    expect(uuid.write('0B9F4A5E-6A52-4C2E-9D7E-2F1A9C3B7D10')).toEqual(['0B9F4A5E6A524C2E9D7E2F1A9C3B7D10']);
    expect(uuid.read(['0B9F4A5E6A524C2E9D7E2F1A9C3B7D10'])).toBe('0b9f4a5e-6a52-4c2e-9d7e-2f1a9c3b7d10');
    expect(uuid.read(['GATE-0042'])).toBe('GATE-0042');
  });

  it('spreads text over components by characters, not bytes, and refuses what does not fit', () => {
    expect(chunked(3, 2).write('ფოთის')).toEqual(['ფოთ', 'ის']);
    expect(chunked(3, 2).read(['ფოთ', 'ის'])).toBe('ფოთის');
    expect(() => chunked(3, 2).write('abcdefg')).toThrow(RenderError);
    expect(() => text(5).write('GEPTI1')).toThrow(RenderError);
  });

  it('reads decimals with a point or a comma, and keeps what is no number as text', () => {
    expect(decimal.read(['25245.75'])).toBe(25245.75);
    expect(decimal.read(['25245,75'])).toBe(25245.75);
    expect(decimal.read(['25 t'])).toBe('25 t');
    expect(decimal.write(2500000)).toEqual(['2500000']);
    expect(() => decimal.write(1e21)).toThrow(RenderError);
  });

  it('maps codes both ways, keeping an unknown code as read', () => {
    const modes = codes({ sea: '1', rail: '2' });
    expect(modes.write('rail')).toEqual(['2']);
    expect(modes.read(['1'])).toBe('sea');
    expect(modes.read(['8'])).toBe('8');
    expect(() => modes.write('air')).toThrow(RenderError);
  });
});
