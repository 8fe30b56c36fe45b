import type { ChainEntry, ChainEntryBody } from './chain';
import type { Jwks } from './exchange-keys';
import type { ParticipantKey } from './participant-key';

/** A message of the consignment as the exchange holds it: its bytes as received and the signatures on them. */
export interface BundleMessage {
  id: string;
  /** The envelope exactly as received (for an ack: as sent); empty when `pruned`. */
  envelope: string;
  /**
   * The body was pruned under the exchange's retention policy: the chain entry still records its SHA-256, sender,
   * recipients and signature, but its bytes are gone and cannot be checked.
   */
  pruned?: true;
  /** The sender's detached JWS over `envelope` (or over `interchange`), when it sent one. */
  jws: string | null;
  /**
   * For a message translated from a signed UN/EDIFACT interchange: that interchange's bytes (base64), which the JWS
   * covers; the chain entry records their SHA-256.
   */
  interchange?: string;
  /** The exchange's signed receipt (see receipt.ts). */
  receipt: string | null;
}

/**
 * Everything needed to check a consignment's record without the exchange: its messages and their signatures, the
 * senders' keys with their validity, the chain's segments that hold the consignment's entries (other consignments'
 * entries without their bodies), the heads that close them, and the exchange's public keys.
 *
 * A segment runs from one of the consignment's entries to the nearest head the exchange signed at or after it; since
 * each entry's hash commits to every entry before it, that head vouches for the entry. Heads are signed every few
 * seconds while the chain grows (see the router's HeadSigner), so a bundle holds a few seconds of the exchange's
 * traffic around each of the consignment's entries, however old the consignment and however long the chain: the
 * cost of a bundle does not grow with history. Entries not yet under a periodic head end at a head signed on demand.
 */
export interface EvidenceBundle {
  format: 'cx-evidence/2';
  consignmentRef: string;
  generatedAt: string;
  messages: BundleMessage[];
  participantKeys: ParticipantKey[];
  /** The segments' entries in seq order; between two segments seqs jump. */
  chain: ChainEntry[];
  /** The exchange's JWS over {seq, hash, signedAt} of each segment's last entry, in the segments' order. */
  heads: string[];
  exchangeKeys: Jwks;
}

export const BUNDLE_FORMAT = 'cx-evidence/2';

/** A segment of the chain to load: from entry `from` to the entry a signed head vouches for (`to`), or to the end. */
export interface ChainSegment {
  from: number;
  /** The head's entry and its JWS; absent: no head is signed after `from` yet (the bundle signs one). */
  head?: { seq: number; jws: string };
}

/**
 * The segments that cover `entries` (the consignment's seqs, ascending): one per head, found by `headFrom` (the first
 * head at or after a seq). An entry already under the previous segment's head opens no segment of its own.
 */
export async function segmentsFor(
  entries: number[],
  headFrom: (seq: number) => Promise<{ seq: number; jws: string } | undefined>,
): Promise<ChainSegment[]> {
  const segments: ChainSegment[] = [];
  let covered = 0;
  for (const seq of entries) {
    if (seq <= covered) continue;
    const head = await headFrom(seq);
    segments.push({ from: seq, head });
    if (!head) break;
    covered = head.seq;
  }
  return segments;
}

/** Whether `viewer` (a participant id) sent or received the message an entry records. */
export function seenBy(body: ChainEntryBody, viewer: string): boolean {
  return body.sender === viewer || body.recipients.includes(viewer);
}

/**
 * The chain as a bundle shows it: entries of other consignments keep their hashes but not their bodies; so do, for a
 * participant `viewer`, the consignment's entries of messages it neither sent nor received (a party of a consignment
 * reads the messages it sent or received, not the others' declarations and acks). The admin (no viewer) sees all.
 */
export function chainForBundle(entries: ChainEntry[], consignmentRef: string, viewer?: string): ChainEntry[] {
  return entries.map((e) =>
    e.body?.consignmentRef === consignmentRef && (viewer === undefined || seenBy(e.body, viewer))
      ? e
      : { seq: e.seq, prevHash: e.prevHash, bodyHash: e.bodyHash, hash: e.hash },
  );
}
