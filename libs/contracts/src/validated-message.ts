import { contentHash } from './content-hash';
import type { Message, MessageType } from './messages';

/**
 * A message that passed validation, as the gateway, the validator and the router pass it along: the envelope parsed
 * once and typed by its `type`, the bytes it arrived as (forwarded and stored as they are, never re-serialised), their
 * hash, and when the exchange received it.
 */
export interface ValidatedMessage<T extends MessageType = MessageType> {
  readonly envelope: Message<T>;
  readonly raw: Buffer;
  /** SHA-256 of `raw`: tells an identical replay from other content under the same id. */
  readonly contentHash: string;
  /** ISO 8601. */
  readonly receivedAt: string;
  /** The sender's detached JWS (verified by validation), when it sent one: over `raw`, or over `interchange`. */
  readonly jws?: string;
  /**
   * SHA-256 (hex) of the signed UN/EDIFACT interchange `raw` was translated from, whose bytes the JWS covers (kept in
   * table signed_interchanges); absent for JSON and for unsigned interchanges.
   */
  readonly interchange?: string;
}

/**
 * Vouches for a parsed envelope: call it only with what validation approved (a clean verdict of libs/validation, or a
 * record of `cx.validated`, which only the gateway and the validator write after such a verdict). This is the one
 * place the unchecked JSON becomes a typed message.
 */
export function validatedMessage(
  parsed: unknown,
  raw: Buffer,
  receivedAt: string,
  hash: string = contentHash(raw),
  jws?: string,
  interchange?: string,
): ValidatedMessage {
  return {
    envelope: parsed as Message,
    raw,
    contentHash: hash,
    receivedAt,
    ...(jws ? { jws } : {}),
    ...(jws && interchange ? { interchange } : {}),
  };
}
