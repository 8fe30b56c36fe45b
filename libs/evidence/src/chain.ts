import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/** What one entry of the chain records: a message the exchange routed (an ack included) and whom it went to. */
export interface ChainEntryBody {
  messageId: string;
  consignmentRef: string;
  type: string;
  sender: string;
  /** The deliveries: every participant it was delivered to. */
  recipients: string[];
  /** SHA-256 (hex) of the message's bytes as received. */
  contentHash: string;
  receivedAt: string;
  recordedAt: string;
  /** The sender's JWS over those bytes (or over `interchange`), null when it sent none. */
  jws: string | null;
  /** SHA-256 (hex) of the signed EDIFACT interchange the message was translated from: the bytes `jws` covers. */
  interchange?: string;
}

/**
 * An entry of the append-only chain. `hash` commits to the sequence number, the previous entry's hash and the body's
 * hash, so a bundle can prove the links through other consignments' entries without showing their bodies.
 */
export interface ChainEntry {
  seq: number;
  prevHash: string;
  bodyHash: string;
  hash: string;
  /** Left out of a bundle for entries of other consignments. */
  body?: ChainEntryBody;
}

/** The `prevHash` of the first entry (seq 1). */
export const GENESIS_HASH = '0'.repeat(64);

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export function bodyHashOf(body: ChainEntryBody): string {
  return sha256(canonicalJson(body));
}

export function entryHashOf(e: Pick<ChainEntry, 'seq' | 'prevHash' | 'bodyHash'>): string {
  return sha256(canonicalJson({ seq: e.seq, prev: e.prevHash, body: e.bodyHash }));
}

/** The entries that extend the chain whose last entry is `head` (none: an empty chain) by `bodies`, in order. */
export function extendChain(
  head: Pick<ChainEntry, 'seq' | 'hash'> | undefined,
  bodies: ChainEntryBody[],
): Array<ChainEntry & { body: ChainEntryBody }> {
  let seq = head?.seq ?? 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  return bodies.map((body) => {
    seq += 1;
    const bodyHash = bodyHashOf(body);
    const entry = { seq, prevHash, bodyHash, hash: entryHashOf({ seq, prevHash, bodyHash }), body };
    prevHash = entry.hash;
    return entry;
  });
}
