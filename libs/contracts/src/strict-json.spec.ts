import { parseStrictJson } from './strict-json';

const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

describe('parseStrictJson', () => {
  it('parses valid JSON, keys that only look alike included', () => {
    expect(parseStrictJson(bytes('{"a":{"a":1},"b":[{"a":2},{"a":3}],"c":"\\"a\\",","a\\u0062":4}'))).toEqual(
      {
        value: { a: { a: 1 }, b: [{ a: 2 }, { a: 3 }], c: '"a",', ab: 4 },
      },
    );
  });

  it.each([
    ['FF FE', [0xff, 0xfe]],
    ['an overlong NUL (C0 80)', [0xc0, 0x80]],
    ['an encoded surrogate (ED A0 80)', [0xed, 0xa0, 0x80]],
    ['a truncated sequence', [0xe2, 0x82]],
  ])('refuses invalid UTF-8: %s', (_name, bad) => {
    expect(parseStrictJson(bytes('{"sender":"', bad, '"}'))).toEqual({
      problem: 'the body is not valid UTF-8',
    });
  });

  it.each([
    ['{"sender":"C","sender":"A"}', 'sender'],
    ['{"p":{"x":1,"y":2,"x":3}}', 'x'],
    ['[{"a":1},{"b":1,"\\u0062":2}]', 'b'],
  ])('refuses the duplicate key in %s', (text, key) => {
    expect(parseStrictJson(bytes(text)).problem).toBe(`duplicate key "${key}" in a JSON object`);
  });

  it('refuses U+0000 in a string or a key, and only an escape that is one', () => {
    const nul = 'a string holds the character U+0000, which the exchange does not store';
    expect(parseStrictJson(bytes('{"name":"a\\u0000b"}')).problem).toBe(nul);
    expect(parseStrictJson(bytes('{"a\\u0000":1}')).problem).toBe(nul);
    expect(parseStrictJson(bytes('{"name":"a\\\\u0000b"}')).value).toEqual({ name: 'a\\u0000b' });
  });

  it('refuses nesting past the bound, before parsing it', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(parseStrictJson(bytes(deep)).problem).toBe('JSON nested deeper than 64 levels');
    expect(parseStrictJson(bytes('['.repeat(64) + ']'.repeat(64))).value).toBeDefined();
  });

  it('describes malformed JSON', () => {
    expect(parseStrictJson(bytes('{"a":')).problem).toMatch(/^malformed JSON: /);
  });
});
