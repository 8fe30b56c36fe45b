import { trimmed, type Segment } from './segment';
import { unaString, type ServiceCharacters } from './service-characters';

/** Writes segments with these service characters, releasing every service character in the data. */
export function serializeSegments(
  segments: readonly Segment[],
  chars: ServiceCharacters,
  options: { una?: boolean; lineBreaks?: boolean } = {},
): string {
  const special = [chars.component, chars.element, chars.release, chars.segment];
  if (chars.repetition !== ' ') special.push(chars.repetition);
  const escape = (value: string): string =>
    [...value].map((c) => (special.includes(c) ? chars.release + c : c)).join('');
  const end = chars.segment + (options.lineBreaks ? '\n' : '');
  const body = segments
    .map(trimmed)
    .map(
      (s) => [s.tag, ...s.elements.map((e) => e.map(escape).join(chars.component))].join(chars.element) + end,
    )
    .join('');
  return (options.una ?? true) ? unaString(chars) + (options.lineBreaks ? '\n' : '') + body : body;
}
