import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-CX-Signature';
/** A receiver should refuse signatures older (or newer) than this, so a captured request cannot be replayed later. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

function hmac(secret: string, t: number, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex');
}

/** `t=<unix-seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>` */
export function signBody(secret: string, body: string | Buffer, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${hmac(secret, unixSeconds, body)}`;
}

export function parseSignature(header: string): { t: number; v1: string[] } | undefined {
  let t: number | undefined;
  const v1: string[] = [];
  for (const part of header.split(',')) {
    const [k, v] = part.trim().split('=', 2);
    if (k === 't' && /^\d{1,12}$/.test(v ?? '')) t = Number(v);
    else if (k === 'v1' && /^[0-9a-f]{64}$/.test(v ?? '')) v1.push(v!);
  }
  return t === undefined || v1.length === 0 ? undefined : { t, v1 };
}

/** True when one `v1` of the header is the body's signature and `t` is within the tolerance of `nowSeconds`. */
export function verifySignature(
  secret: string,
  header: string,
  body: string | Buffer,
  nowSeconds: number,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): boolean {
  const parsed = parseSignature(header);
  if (!parsed || Math.abs(nowSeconds - parsed.t) > toleranceSeconds) return false;
  const expected = Buffer.from(hmac(secret, parsed.t, body), 'hex');
  return parsed.v1.some((v) => timingSafeEqual(Buffer.from(v, 'hex'), expected));
}
