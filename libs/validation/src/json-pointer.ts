/** JSON Pointer (RFC 6901) building, for the paths of violations. */

/** Escapes one reference token: `~` as `~0`, `/` as `~1`. */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** `pointer` extended by one property name or array index. */
export function childPointer(pointer: string, token: string | number): string {
  return `${pointer}/${typeof token === 'number' ? token : escapePointerToken(token)}`;
}
