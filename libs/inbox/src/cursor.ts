/**
 * A cursor names a position in one participant's inbox: the `seq` of a delivery row. It is opaque to clients
 * (base64url of the decimal seq) so the exchange may change what is inside without breaking them.
 */
export type Cursor = string;

/** `deliveries.seq` is an `integer` column (32 bits on PostgreSQL): no seq, and so no cursor, goes beyond it. */
const MAX_SEQ = 2 ** 31 - 1;

export function encodeCursor(seq: number): Cursor {
  return Buffer.from(String(seq), 'utf8').toString('base64url');
}

/** The seq a cursor stands for, or undefined when it is not one the exchange issued. */
export function decodeCursor(cursor: string): number | undefined {
  if (!/^[A-Za-z0-9_-]{1,24}$/.test(cursor)) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^(0|[1-9]\d{0,15})$/.test(text)) return undefined;
  const seq = Number(text);
  return seq <= MAX_SEQ && encodeCursor(seq) === cursor ? seq : undefined;
}
