import { serializeSegments } from './serialize';
import { DEFAULT_SERVICE_CHARACTERS_V3, DEFAULT_SERVICE_CHARACTERS_V4 } from './service-characters';
import { tokenize } from './tokenize';

describe('serializeSegments', () => {
  it('writes UNA, releases service characters and leaves out trailing empty components and elements', () => {
    const text = serializeSegments(
      [{ tag: 'FTX', elements: [['AAI'], [], [''], ["it's 5+3?: yes*no", '', ''], ['', '']] }],
      DEFAULT_SERVICE_CHARACTERS_V4,
    );
    expect(text).toBe("UNA:+.?*'FTX+AAI+++it?'s 5?+3???: yes?*no'");
  });

  it('does not release * in version 3, where it is data', () => {
    expect(
      serializeSegments([{ tag: 'FTX', elements: [['a*b']] }], DEFAULT_SERVICE_CHARACTERS_V3, { una: false }),
    ).toBe("FTX+a*b'");
  });

  it.each([["'"], ['+:?*'], ['Ələt limanı'], ['შპს „ფოთის“'], ['??'], ['a:b+c']])(
    'reads back %s as written',
    (value) => {
      const text = serializeSegments(
        [{ tag: 'FTX', elements: [[value, value]] }],
        DEFAULT_SERVICE_CHARACTERS_V4,
        { lineBreaks: true },
      );
      expect(tokenize(text).segments[0].elements).toEqual([[value, value]]);
    },
  );
});
