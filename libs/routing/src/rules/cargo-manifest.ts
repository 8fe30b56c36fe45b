import { countryOf, customsOf, locatedAt, payloadOf, RoutingRule, text } from '../routable';

/** Ports located at the departure or arrival port, and the customs of both ports' countries. */
export const cargoManifest: RoutingRule = (envelope, ctx) => {
  const p = payloadOf(envelope);
  const ports = new Set([text(p.departurePort), text(p.arrivalPort)].filter((x): x is string => !!x));
  const countries = new Set([...ports].map(countryOf).filter((c): c is string => !!c));
  return { recipients: [...locatedAt(ctx, ['port'], ports), ...customsOf(ctx, countries)] };
};
