/** Deeper than any message of the standard needs (an envelope is about six levels deep). */
export const MAX_JSON_DEPTH = 64;

export type StrictJson = { value: unknown; problem?: undefined } | { value?: undefined; problem: string };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Parses bytes as the exchange accepts JSON: valid UTF-8 (no bytes replaced by U+FFFD on the way), no object with the
 * same key twice (readers disagree on which one counts), no U+0000 in a string (PostgreSQL cannot store it: the write
 * would fail, again at every retry), nesting at most `maxDepth` deep. Otherwise it names the problem. Every channel that takes envelopes reads them with this, so they all see the same message.
 */
export function parseStrictJson(bytes: Uint8Array, maxDepth = MAX_JSON_DEPTH): StrictJson {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { problem: 'the body is not valid UTF-8' };
  }
  const shape = checkShape(text, maxDepth);
  if (shape) return { problem: shape };
  try {
    return { value: JSON.parse(text) };
  } catch (err) {
    return { problem: `malformed JSON: ${(err as Error).message}` };
  }
}

/**
 * One pass over the text: the nesting depth, and each object's keys. Only meaningful for valid JSON; anything else is
 * left for JSON.parse to describe (a problem found here on broken JSON is still a correct refusal).
 */
function checkShape(text: string, maxDepth: number): string | undefined {
  const stack: Array<{ keys: Set<string> | undefined; expectKey: boolean }> = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{' || c === '[') {
      if (stack.length >= maxDepth) return `JSON nested deeper than ${maxDepth} levels`;
      stack.push({ keys: c === '{' ? new Set() : undefined, expectKey: c === '{' });
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top?.keys) top.expectKey = true;
    } else if (c === '"') {
      const end = stringEnd(text, i);
      if (end < 0) return 'a string holds the character U+0000, which the exchange does not store';
      const top = stack[stack.length - 1];
      if (top?.keys && top.expectKey) {
        let key: string;
        try {
          key = JSON.parse(text.slice(i, end + 1)) as string;
        } catch {
          return undefined;
        }
        if (top.keys.has(key)) return `duplicate key ${JSON.stringify(key)} in a JSON object`;
        top.keys.add(key);
        top.expectKey = false;
      }
      i = end;
    }
  }
  return undefined;
}

/** Index of the quote that closes the string opening at `start`; -1 when the string holds an escaped U+0000. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') {
      if (text.startsWith('u0000', i + 1)) return -1;
      i++;
    } else if (text[i] === '"') return i;
  }
  return text.length;
}
