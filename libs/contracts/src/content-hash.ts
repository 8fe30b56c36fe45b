import { createHash } from 'node:crypto';

/** SHA-256 (hex) of a message's bytes as received: an identical replay has the same hash, other content does not. */
export function contentHash(raw: Buffer | string): string {
  return createHash('sha256').update(raw).digest('hex');
}
