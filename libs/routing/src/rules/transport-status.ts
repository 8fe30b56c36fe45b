import { countryOf, customsOf, payloadOf, RoutingRule, text } from '../routable';

/** The consignment's parties, and the customs of the country where the event happened. */
export const transportStatus: RoutingRule = (envelope, ctx) => {
  const country = countryOf(text(payloadOf(envelope).location));
  return { recipients: [...ctx.consignmentParties, ...customsOf(ctx, new Set(country ? [country] : []))] };
};
