/** Reading and writing plain JSON values by JSON Pointer (the mapping's own pointers: no `~` escapes needed). */

const tokens = (pointer: string): string[] => (pointer === '' ? [] : pointer.slice(1).split('/'));

export function getAt(root: unknown, pointer: string): unknown {
  let value = root;
  for (const token of tokens(pointer)) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[token];
  }
  return value;
}

/** Sets the value, creating objects (or arrays, before a numeric token) on the way. */
export function setAt(root: Record<string, unknown>, pointer: string, value: unknown): void {
  const path = tokens(pointer);
  let container: Record<string, unknown> = root;
  path.forEach((token, i) => {
    if (i === path.length - 1) {
      container[token] = value;
      return;
    }
    if (container[token] === undefined) container[token] = /^\d+$/.test(path[i + 1]) ? [] : {};
    container = container[token] as Record<string, unknown>;
  });
}

/** The array at the pointer, or an empty one when there is none. */
export function itemsAt(root: unknown, pointer: string): unknown[] {
  const value = getAt(root, pointer);
  return Array.isArray(value) ? value : [];
}
