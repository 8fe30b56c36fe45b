import canonicalize from 'canonicalize';

/** RFC 8785 (JCS) bytes of a JSON value: what the exchange hashes and signs where no submitted bytes exist. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('not a JSON value');
  return text;
}
