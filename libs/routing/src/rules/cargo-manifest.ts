import { countryOf, customsOf, locatedAt, RoutingRule } from '../routable';

/** Ports located at the departure or arrival port, and the customs of both ports' countries. */
export const cargoManifest: RoutingRule<'cargo.manifest'> = ({ payload }, ctx) => {
  const ports = new Set([payload.departurePort, payload.arrivalPort]);
  const countries = new Set([...ports].map(countryOf).filter((c): c is string => !!c));
  return { recipients: [...locatedAt(ctx, ['port'], ports), ...customsOf(ctx, countries)] };
};
