import { childPointer, escapePointerToken } from './json-pointer';

describe('JSON Pointer', () => {
  it.each([
    ['legs', 'legs'],
    ['a/b', 'a~1b'],
    ['m~n', 'm~0n'],
    ['~/', '~0~1'],
  ])('escapes %s as %s', (token, escaped) => {
    expect(escapePointerToken(token)).toBe(escaped);
  });

  it('appends property names and indexes', () => {
    expect(childPointer(childPointer('', 'payload'), 'legs')).toBe('/payload/legs');
    expect(childPointer('/payload/legs', 1)).toBe('/payload/legs/1');
    expect(childPointer('', 'a/b')).toBe('/a~1b');
  });
});
