/**
 * Headers the exchange adds to records between its own apps (`cx.validated`) and to dead letters (`cx.dlq`); a
 * delivery carries CloudEvents headers instead (see delivery.ts).
 */
export const PIPELINE_HEADERS = {
  /** When the exchange first received the message (ISO 8601). */
  receivedAt: 'cx-received-at',
  /** SHA-256 (hex) of the envelope's bytes as received: tells identical replays from conflicting ones. */
  contentHash: 'cx-content-hash',
  /** `http` (the gateway) or `kafka` (produced straight to the inbound topic). */
  origin: 'cx-origin',
  /**
   * The sender's detached JWS over the value's bytes: as a participant produces it to `cx.inbound.<id>`, passed on
   * (verified) on `cx.validated`, and on each delivery of the message.
   */
  jws: 'cx-jws',
  /**
   * With `jws`, for a message translated from a signed EDIFACT interchange: the SHA-256 of that interchange, the bytes
   * the JWS covers (the message's value is the translated envelope). On `cx.validated` and on each delivery.
   */
  interchange: 'cx-interchange',
  /** On a delivery: the exchange's signed receipt of the message (libs/evidence receipt.ts). */
  receipt: 'cx-receipt',
  /** On a record an admin replayed from the dead letters to the inbound topic: the dead letter's id. */
  replayOf: 'cx-replay-of',
  /** On a dead letter: why the record is not an envelope. */
  dlqReason: 'cx-dlq-reason',
  /** On a dead letter: where the record was read (`topic:partition:offset`), its dead letter's id. */
  dlqSource: 'cx-dlq-source',
  /** On a dead letter: when it was dead-lettered (ISO 8601). */
  dlqAt: 'cx-dlq-at',
} as const;

export type Origin = 'http' | 'kafka';
