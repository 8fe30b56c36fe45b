import { countryOf, customsOf, RoutingRule } from '../routable';

/** The consignment's parties, and the customs of the country where the event happened. */
export const transportStatus: RoutingRule<'transport.status'> = ({ payload }, ctx) => {
  const country = countryOf(payload.location);
  return { recipients: [...ctx.consignmentParties, ...customsOf(ctx, new Set(country ? [country] : []))] };
};
