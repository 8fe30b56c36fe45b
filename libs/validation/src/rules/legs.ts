import { parseRfc3339 } from '../rfc3339';
import { PAYLOAD, type PayloadRule } from './rule';

/** Legs are numbered 1, 2, … in the order of the route. */
export const legsNumbered: PayloadRule<'consignment.note'> = (note, out) => {
  note.legs.forEach((leg, i) => {
    if (leg.seq !== i + 1) {
      out.push({
        path: `${PAYLOAD}/legs/${i}/seq`,
        rule: 'legs.numbered',
        message: `must be ${i + 1}: legs are numbered 1, 2, 3, … in the order of the route`,
      });
    }
  });
};

/** Each leg starts where the one before it ends. */
export const legsContiguous: PayloadRule<'consignment.note'> = (note, out) => {
  for (let i = 1; i < note.legs.length; i++) {
    const previousEnd = note.legs[i - 1].to;
    if (note.legs[i].from !== previousEnd) {
      out.push({
        path: `${PAYLOAD}/legs/${i}/from`,
        rule: 'legs.contiguous',
        message: `must be ${previousEnd}, where the leg before ends: the route has a gap`,
      });
    }
  }
};

/** Where a leg gives both, it does not arrive before it departs. */
export const legsEtdNotAfterEta: PayloadRule<'consignment.note'> = (note, out) => {
  note.legs.forEach((leg, i) => {
    if (leg.etd === undefined || leg.eta === undefined) return;
    const etd = parseRfc3339(leg.etd);
    const eta = parseRfc3339(leg.eta);
    if (etd !== undefined && eta !== undefined && eta < etd) {
      out.push({
        path: `${PAYLOAD}/legs/${i}/eta`,
        rule: 'legs.etd-not-after-eta',
        message: `must not be before the leg's etd (${leg.etd})`,
      });
    }
  });
};
