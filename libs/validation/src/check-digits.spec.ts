import {
  cimSmgsCheckDigit,
  imoCheckDigit,
  isValidCimSmgsIdentifier,
  isValidContainerNumber,
  isValidImoNumber,
  iso6346CheckDigit,
} from './check-digits';

describe('ISO 6346 container numbers', () => {
  it.each([
    ['CSQU3054383', true],
    ['KTZU4015279', true],
    ['TGHU8622100', true], // sum mod 11 is 10, which counts as 0
    ['MSKU7391047', true],
    ['CSQU3054384', false],
    ['CSQX3054383', false], // category must be U, J or Z
    ['csqu3054383', false],
    ['CSQU305438', false],
    ['CSQU30543833', false],
  ])('%s is valid: %s', (containerNumber, valid) => {
    expect(isValidContainerNumber(containerNumber)).toBe(valid);
  });

  it('computes the check digit from the first ten characters', () => {
    expect(iso6346CheckDigit('CSQU305438')).toBe(3);
  });
});

describe('IMO ship numbers', () => {
  it.each([
    ['9074729', true],
    ['9699426', true],
    ['9074728', false],
    ['907472', false],
    ['IMO9074729', false],
  ])('%s is valid: %s', (imo, valid) => {
    expect(isValidImoNumber(imo)).toBe(valid);
  });

  it('weights the first six digits 7 to 2', () => {
    expect(imoCheckDigit('907472')).toBe(9);
  });
});

describe('CIM/SMGS consignment identifiers (Luhn, weights 2,1 from the left)', () => {
  it.each([
    ['123456789', 7], // an odd number of digits: the usual Luhn digit
    ['0', 0],
    ['5', 9],
    ['18', 0], // an even number: weighting from the left differs from the usual Luhn digit (2)
    ['7992739871', 4], // Luhn's textbook example, whose usual digit is 3
  ])('check digit of %s is %i', (digits, check) => {
    expect(cimSmgsCheckDigit(digits)).toBe(check);
  });

  it.each([
    ['1234567897', true],
    ['1234567890', false],
    ['7', false],
    ['12a', false],
  ])('%s is valid: %s', (identifier, valid) => {
    expect(isValidCimSmgsIdentifier(identifier)).toBe(valid);
  });
});
