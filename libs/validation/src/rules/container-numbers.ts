import type { Violation } from '@cx/contracts';
import { iso6346CheckDigit, isValidContainerNumber } from '../check-digits';
import { PAYLOAD, type PayloadRule } from './rule';

function checkContainerNumber(containerNumber: string, path: string, out: Violation[]): void {
  if (isValidContainerNumber(containerNumber)) return;
  const expected = iso6346CheckDigit(containerNumber);
  out.push({
    path,
    rule: 'iso6346.check-digit',
    message: `has a wrong check digit: by ISO 6346 the last digit of ${containerNumber.slice(0, 10)}… must be ${expected}`,
  });
}

export const equipmentContainerNumbers: PayloadRule<'consignment.note'> = (note, out) => {
  note.equipment?.forEach((item, i) =>
    checkContainerNumber(item.containerNumber, `${PAYLOAD}/equipment/${i}/containerNumber`, out),
  );
};

export const statusContainerNumber: PayloadRule<'transport.status'> = (status, out) => {
  if (status.containerNumber !== undefined) {
    checkContainerNumber(status.containerNumber, `${PAYLOAD}/containerNumber`, out);
  }
};

export const manifestContainerNumbers: PayloadRule<'cargo.manifest'> = (manifest, out) => {
  manifest.consignments.forEach((line, i) =>
    line.containerNumbers?.forEach((containerNumber, j) =>
      checkContainerNumber(containerNumber, `${PAYLOAD}/consignments/${i}/containerNumbers/${j}`, out),
    ),
  );
};
