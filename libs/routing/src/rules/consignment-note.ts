import { countryOf, customsOf, locatedAt, RoutingRule } from '../routable';

/**
 * The carriers of the legs; ports and railways located at a leg's `from` or `to`; the customs of every country a leg
 * starts or ends in. These, with the sender, are the consignment's parties.
 */
export const consignmentNote: RoutingRule<'consignment.note'> = (message, ctx) => {
  const legs = message.payload.legs;
  const carriers = new Set(legs.map((leg) => leg.carrier));
  const places = new Set(legs.flatMap((leg) => [leg.from, leg.to]));
  const countries = new Set([...places].map(countryOf).filter((c): c is string => !!c));
  const recipients = [...carriers, ...locatedAt(ctx, ['port', 'rail'], places), ...customsOf(ctx, countries)];
  return { recipients, parties: [message.sender, ...recipients] };
};
