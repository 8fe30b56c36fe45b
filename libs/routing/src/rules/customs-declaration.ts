import { countryOf, customsOf, payloadOf, RoutingRule, text } from '../routable';

/** The customs of the countries of the offices of departure and destination; nobody else. */
export const customsDeclaration: RoutingRule = (envelope, ctx) => {
  const p = payloadOf(envelope);
  const countries = [countryOf(text(p.officeOfDeparture)), countryOf(text(p.officeOfDestination))];
  return { recipients: customsOf(ctx, new Set(countries.filter((c): c is string => !!c))) };
};
