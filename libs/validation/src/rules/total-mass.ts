import { PAYLOAD, type PayloadRule } from './rule';

/** Relative tolerance between totalGrossMassKg and the sum of the goods' masses. */
export const TOTAL_MASS_TOLERANCE = 0.001;

/** totalGrossMassKg is the sum of the goods' grossMassKg, within 0.1 % of that sum. */
export const totalGrossMass: PayloadRule<'consignment.note'> = (note, out) => {
  const sum = note.goods.reduce((total, item) => total + item.grossMassKg, 0);
  // The small absolute term absorbs floating-point error in the sum itself.
  if (Math.abs(note.totalGrossMassKg - sum) <= sum * TOTAL_MASS_TOLERANCE + 1e-9) return;
  out.push({
    path: `${PAYLOAD}/totalGrossMassKg`,
    rule: 'mass.total',
    message: `must equal the sum of the goods' grossMassKg, ${formatKg(sum)} kg, within 0.1 %`,
  });
};

const formatKg = (kg: number): string => String(Math.round(kg * 1000) / 1000);
