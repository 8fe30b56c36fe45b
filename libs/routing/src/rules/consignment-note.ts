import { countryOf, customsOf, locatedAt, payloadOf, RoutingRule, text } from '../routable';

/**
 * The carriers of the legs; ports and railways located at a leg's `from` or `to`; the customs of every country a leg
 * starts or ends in. These, with the sender, are the consignment's parties.
 */
export const consignmentNote: RoutingRule = (envelope, ctx) => {
  const legs = Array.isArray(payloadOf(envelope).legs) ? (payloadOf(envelope).legs as unknown[]) : [];
  const carriers = new Set<string>();
  const places = new Set<string>();
  for (const leg of legs) {
    if (typeof leg !== 'object' || leg === null) continue;
    const { carrier, from, to } = leg as Record<string, unknown>;
    if (text(carrier)) carriers.add(carrier as string);
    for (const place of [text(from), text(to)]) if (place) places.add(place);
  }
  const countries = new Set([...places].map(countryOf).filter((c): c is string => !!c));
  const recipients = [...carriers, ...locatedAt(ctx, ['port', 'rail'], places), ...customsOf(ctx, countries)];
  return { recipients, parties: [envelope.sender, ...recipients] };
};
