import { countryOf, customsOf, RoutingRule } from '../routable';

/** The customs of the countries of the offices of departure and destination; nobody else. */
export const customsDeclaration: RoutingRule<'customs.declaration'> = ({ payload }, ctx) => {
  const countries = [countryOf(payload.officeOfDeparture), countryOf(payload.officeOfDestination)];
  return { recipients: customsOf(ctx, new Set(countries.filter((c): c is string => !!c))) };
};
