import { OUTBOUND_MESSAGE } from './messages';
import { renderInterchange } from './render';
import { RenderError } from './mapping/codecs';
import { EXCHANGE_PARTY } from './party';
import type { PartyId } from './syntax/interchange';

/**
 * One delivery as an interchange of its own: one message (UNH 0062 `1`) from the exchange to the recipient, the
 * interchange control reference the delivery's seq (so a delivery rendered again, on another channel or after a
 * reconnect, is the same interchange, and the recipient's duplicate check on UNB 0020 works), prepared at the
 * envelope's createdAt. Undefined for a type without an EDIFACT message (customs.declaration) or a value that does
 * not fit it: that delivery goes as JSON.
 */
export function deliveryInterchange(
  envelope: Readonly<Record<string, unknown>>,
  seq: number,
  recipient: PartyId,
): string | undefined {
  const type = envelope.type;
  const version = envelope.version;
  if (typeof type !== 'string' || typeof version !== 'string' || !(type in OUTBOUND_MESSAGE))
    return undefined;
  const created = new Date(typeof envelope.createdAt === 'string' ? envelope.createdAt : 0);
  try {
    return renderInterchange(
      {
        sender: EXCHANGE_PARTY,
        recipient,
        controlReference: String(seq),
        preparedAt: Number.isNaN(created.getTime()) ? new Date(0) : created,
      },
      [{ envelope: { ...envelope, type, version }, reference: '1' }],
    );
  } catch (e) {
    if (e instanceof RenderError) return undefined;
    throw e;
  }
}
