/**
 * Check digits of the identifiers the corridor's documents carry. Each function takes the whole identifier
 * (check digit included) and says whether it is consistent; the `...CheckDigit` ones compute the digit.
 */

// ISO 6346: A=10, B=12 … Z=38, skipping the multiples of 11.
const ISO6346_LETTER_VALUES: Record<string, number> = (() => {
  const values: Record<string, number> = {};
  let value = 10;
  for (const letter of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') {
    if (value % 11 === 0) value += 1;
    values[letter] = value++;
  }
  return values;
})();

const CONTAINER_NUMBER = /^[A-Z]{3}[UJZ][0-9]{7}$/;

/** Check digit of an ISO 6346 container number, from its first ten characters (owner, category, serial). */
export function iso6346CheckDigit(ownerCategorySerial: string): number {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const char = ownerCategorySerial[i];
    const value = i < 4 ? ISO6346_LETTER_VALUES[char] : Number(char);
    sum += value * 2 ** i;
  }
  return (sum % 11) % 10;
}

/** True when `containerNumber` is shaped like `CSQU3054383` and its last digit is the ISO 6346 check digit. */
export function isValidContainerNumber(containerNumber: string): boolean {
  return (
    CONTAINER_NUMBER.test(containerNumber) &&
    iso6346CheckDigit(containerNumber) === Number(containerNumber[10])
  );
}

const IMO_NUMBER = /^[0-9]{7}$/;

/** Check digit of an IMO ship number from its first six digits: Σ digit × (7,6,5,4,3,2) mod 10. */
export function imoCheckDigit(firstSix: string): number {
  let sum = 0;
  for (let i = 0; i < 6; i++) sum += Number(firstSix[i]) * (7 - i);
  return sum % 10;
}

/** True when `imoNumber` has seven digits and the seventh is the IMO check digit (9074729 is valid). */
export function isValidImoNumber(imoNumber: string): boolean {
  return IMO_NUMBER.test(imoNumber) && imoCheckDigit(imoNumber) === Number(imoNumber[6]);
}

const DIGITS = /^[0-9]+$/;

/**
 * Check digit of a CIM/SMGS consignment identifier: Luhn's doubling scheme with the digits weighted 2, 1, 2, …
 * from the left (a doubled digit over 9 counts as its digit sum), then the digit that brings the sum to a
 * multiple of 10. For an odd number of digits this is the usual Luhn digit.
 */
export function cimSmgsCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const weighted = Number(digits[i]) * (i % 2 === 0 ? 2 : 1);
    sum += weighted > 9 ? weighted - 9 : weighted;
  }
  return (10 - (sum % 10)) % 10;
}

/** True when `identifier` is all digits and its last digit is the CIM/SMGS check digit of the others. */
export function isValidCimSmgsIdentifier(identifier: string): boolean {
  return (
    identifier.length >= 2 &&
    DIGITS.test(identifier) &&
    cimSmgsCheckDigit(identifier.slice(0, -1)) === Number(identifier[identifier.length - 1])
  );
}
