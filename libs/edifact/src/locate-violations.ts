import type { Violation } from '@cx/contracts';
import { formatLocation, type EdifactLocation } from './location';
import type { TranslatedInterchange } from './translate';

/** The same violation with the EDIFACT position of the value it names: `edifact` as in `UNH 3 / LOC 2 / C517 / 3225`. */
export type LocatedViolation<V extends Violation = Violation> = V & {
  edifact?: string;
  location?: EdifactLocation;
};

/**
 * Adds the EDIFACT location to each violation: that of the value at its path, or of the nearest enclosing value that
 * was translated (a missing field is reported at its segment group, or at UNH).
 */
export function locateViolations<V extends Violation>(
  violations: readonly V[],
  positions: ReadonlyMap<string, EdifactLocation>,
): LocatedViolation<V>[] {
  return violations.map((violation) => {
    const location = nearest(violation.path, positions);
    return location === undefined
      ? { ...violation }
      : { ...violation, edifact: formatLocation(location), location };
  });
}

function nearest(path: string, positions: ReadonlyMap<string, EdifactLocation>): EdifactLocation | undefined {
  for (let pointer = path; ; pointer = pointer.slice(0, pointer.lastIndexOf('/'))) {
    const location = positions.get(pointer);
    if (location !== undefined || pointer === '') return location;
  }
}

/** Every syntax error of an interchange and of its messages, as violations located in it (no JSON Pointer: path ''). */
export function syntaxViolations(translated: TranslatedInterchange): Array<Violation & { edifact: string }> {
  const errors = [...translated.interchange.errors, ...translated.messages.flatMap((m) => m.errors)];
  return errors.map((e) => ({
    path: '',
    message: e.message,
    rule: e.rule,
    edifact: formatLocation(e.location),
  }));
}
