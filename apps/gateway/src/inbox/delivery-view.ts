import { deliveryInterchange, type PartyId } from '@cx/edifact';
import { encodeCursor, type DeliveryFormat } from '@cx/inbox';
import type { InboxItem } from '@cx/persistence';

/**
 * A delivery as the inbox shows it: `{cursor, message}` (the envelope), or with `format=edifact` `{cursor, type,
 * edifact}` (one interchange a delivery, numbered by its seq) — except a type without an EDIFACT message
 * (customs.declaration) or a value that does not fit one, which stays `{cursor, message}`; both with the sender's
 * `jws` (or null) and the exchange's `receipt`, and `interchange` (SHA-256) when the JWS covers a signed EDIFACT
 * interchange rather than the envelope (its bytes are in the consignment's evidence bundle).
 */
export function inboxItemView(item: InboxItem, format: DeliveryFormat, recipient: PartyId) {
  const cursor = encodeCursor(item.seq);
  const envelope = JSON.parse(item.envelope) as Record<string, unknown>;
  const edifact = format === 'edifact' ? deliveryInterchange(envelope, item.seq, recipient) : undefined;
  const signatures = {
    jws: item.jws,
    receipt: item.receipt,
    ...(item.interchange ? { interchange: item.interchange } : {}),
  };
  return edifact === undefined
    ? { cursor, message: envelope, ...signatures }
    : { cursor, type: item.type, edifact, ...signatures };
}

/** The same choice for the event stream: event `edifact` with the interchange, or `message` with the envelope. */
export function streamFrame(item: InboxItem, format: DeliveryFormat, recipient: PartyId) {
  if (format === 'edifact') {
    const edifact = deliveryInterchange(
      JSON.parse(item.envelope) as Record<string, unknown>,
      item.seq,
      recipient,
    );
    if (edifact !== undefined) return { event: 'edifact', data: edifact };
  }
  return { event: 'message', data: item.envelope };
}
