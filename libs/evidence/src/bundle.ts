import type { ChainEntry, ChainEntryBody } from './chain';
import type { Jwks } from './exchange-keys';
import type { ParticipantKey } from './participant-key';

/** A message of the consignment as the exchange holds it: its bytes as received and the signatures on them. */
export interface BundleMessage {
  id: string;
  /** The envelope exactly as received (for an ack: as sent). */
  envelope: string;
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
 * senders' keys with their validity, the chain from the consignment's first entry to a signed head (other
 * consignments' entries without their bodies), and the exchange's public keys.
 */
export interface EvidenceBundle {
  format: 'cx-evidence/1';
  consignmentRef: string;
  generatedAt: string;
  messages: BundleMessage[];
  participantKeys: ParticipantKey[];
  chain: ChainEntry[];
  /** The exchange's JWS over the last entry's {seq, hash, signedAt}, signed when the bundle was made. */
  head: string;
  /**
   * The nearest head the exchange signed (once a minute) at or after the consignment's last entry, when there is one:
   * signed soon after the facts, before any later rewrite could have happened.
   */
  checkpoint: string | null;
  exchangeKeys: Jwks;
}

export const BUNDLE_FORMAT = 'cx-evidence/1';

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
