import type { Violation } from '@cx/contracts';
import { importPublic, keyValidAt, kidOf, type ParticipantKey, verifyDetached } from '@cx/evidence';

/** A received envelope's signature as the signature rules see it. */
export interface SignedSubmission {
  type: string;
  sender: string;
  /** The bytes the JWS covers: the message as sent, or the EDIFACT interchange it was translated from. */
  raw: Buffer;
  receivedAt: string;
  /** The detached JWS (`X-CX-JWS` over HTTP, `cx-jws` on Kafka), if any. */
  jws?: string;
}

const violation = (rule: string, message: string): Violation => ({ path: '', message, rule });

/**
 * The rules on a submission's signature: required for the types of `required`; when present, by a key of the
 * sender's valid at reception, and over exactly the bytes received. `keys` holds the registered keys by kid.
 */
export async function signatureViolation(
  s: SignedSubmission,
  keys: ReadonlyMap<string, ParticipantKey>,
  required: ReadonlySet<string>,
): Promise<Violation | undefined> {
  if (s.jws === undefined) {
    if (!required.has(s.type)) return undefined;
    return violation(
      'signature.required',
      `a ${s.type} must be signed: send a JWS in X-CX-JWS (cx-jws on Kafka)`,
    );
  }
  const kid = kidOf(s.jws);
  const key = kid === undefined ? undefined : keys.get(kid);
  if (!key || key.participantId !== s.sender || !keyValidAt(key, s.receivedAt)) {
    return violation(
      'signature.key',
      `the JWS's kid must name a signing key of ${s.sender} that is registered and not revoked`,
    );
  }
  const publicKey = await importPublic(key.jwk, key.alg);
  if (!publicKey || !(await verifyDetached(s.jws, s.raw, publicKey, key.alg))) {
    return violation(
      'signature.invalid',
      'the JWS does not verify over the bytes as sent (the message, or its EDIFACT interchange)',
    );
  }
  return undefined;
}
