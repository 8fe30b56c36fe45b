/** The six characters of the UNA service string advice. */
export interface ServiceCharacters {
  component: string;
  element: string;
  decimal: string;
  release: string;
  /** Repetition separator (syntax version 4); a space in version 3, where it is reserved. */
  repetition: string;
  segment: string;
}

/** ISO 9735 defaults: version 4 (repetition `*`) and version 3 (repetition reserved, a space). */
export const DEFAULT_SERVICE_CHARACTERS_V4: ServiceCharacters = {
  component: ':',
  element: '+',
  decimal: '.',
  release: '?',
  repetition: '*',
  segment: "'",
};
export const DEFAULT_SERVICE_CHARACTERS_V3: ServiceCharacters = {
  ...DEFAULT_SERVICE_CHARACTERS_V4,
  repetition: ' ',
};

/** `UNA` followed by the six characters, in the order of ISO 9735. */
export function unaString(chars: ServiceCharacters): string {
  return `UNA${chars.component}${chars.element}${chars.decimal}${chars.release}${chars.repetition}${chars.segment}`;
}

/**
 * Reads the six characters after `UNA`; a problem in words when they cannot serve: missing, letters or digits
 * (which data needs), the same character twice, or a decimal mark other than `.` or `,`.
 */
export function readUna(advice: string): ServiceCharacters | string {
  if (advice.length < 6) return 'UNA must be followed by six service characters';
  const [component, element, decimal, release, repetition, segment] = [...advice.slice(0, 6)];
  const separators = [component, element, release, segment, ...(repetition === ' ' ? [] : [repetition])];
  if (separators.some((c) => /[A-Za-z0-9\s]/.test(c)))
    return 'UNA separators and release character must not be letters, digits or white space';
  if (new Set(separators).size !== separators.length) return 'UNA names one character for two purposes';
  if (decimal !== '.' && decimal !== ',') return 'UNA decimal mark must be . or ,';
  return { component, element, decimal, release, repetition, segment };
}
