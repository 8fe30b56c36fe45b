import { deliveryInterchange, type PartyId } from '@cx/edifact';
import type { InboxItem } from '@cx/persistence';

export interface WebhookBody {
  contentType: string;
  text: string;
}

/**
 * What a subscription's endpoint receives for a delivery: the envelope, or for a `format: edifact` subscription the
 * delivery's own interchange (the same one the inbox shows with format=edifact); a type without an EDIFACT message
 * goes as JSON.
 */
export function webhookBody(format: 'json' | 'edifact', item: InboxItem, recipient: PartyId): WebhookBody {
  if (format === 'edifact') {
    const envelope = JSON.parse(item.envelope) as Record<string, unknown>;
    const text = deliveryInterchange(envelope, item.seq, recipient);
    if (text !== undefined) return { contentType: 'application/EDIFACT', text };
  }
  return { contentType: 'application/json', text: item.envelope };
}
