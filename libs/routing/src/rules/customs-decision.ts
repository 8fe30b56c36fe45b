import { RoutingRule } from '../routable';

/** The declarant, and the consignment's parties in the deciding customs' country (the decision's sender). */
export const customsDecision: RoutingRule<'customs.decision'> = (envelope, ctx) => {
  const country = ctx.participants.get(envelope.sender)?.country;
  const local = ctx.consignmentParties.filter((id) => ctx.participants.get(id)?.country === country);
  return { recipients: [...(ctx.declarant ? [ctx.declarant] : []), ...local] };
};
