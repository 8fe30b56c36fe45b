import { elementCodes } from './directory';

/**
 * A place in an interchange, as EDIFACT reports name it: the message (by its reference, UNH 0062), the segment (its
 * tag and position: in the message with UNH as 1, or in the interchange for UNB and UNZ), and the composite and data
 * element. Element and component positions count from 1 as in CONTRL: `element` 1 is the first data element after
 * the tag (CONTRL's 0098 counts the tag, so it is element + 1).
 */
export interface EdifactLocation {
  message?: string;
  segment: { tag: string; position: number };
  element?: { position: number; component?: number; composite?: string; dataElement?: string };
}

/** The location of a segment, or of one of its values (`element`, `component` from 0). */
export function locationOf(
  segment: { tag: string; position: number },
  message?: string,
  element?: number,
  component = 0,
): EdifactLocation {
  const base = {
    ...(message === undefined ? {} : { message }),
    segment: { tag: segment.tag, position: segment.position },
  };
  if (element === undefined) return base;
  const codes = elementCodes(segment.tag, element, component);
  return {
    ...base,
    element: {
      position: element + 1,
      ...(codes.composite === undefined ? {} : { component: component + 1, composite: codes.composite }),
      ...(codes.dataElement === undefined ? {} : { dataElement: codes.dataElement }),
    },
  };
}

/** `UNH 3 / LOC 2 / C517 / 3225`: the message reference, the segment and its position, composite, data element. */
export function formatLocation(location: EdifactLocation): string {
  const parts = location.message === undefined ? [] : [`UNH ${location.message}`];
  parts.push(`${location.segment.tag} ${location.segment.position}`);
  const element = location.element;
  if (element !== undefined) {
    if (element.composite !== undefined) parts.push(element.composite);
    parts.push(element.dataElement ?? `element ${element.position}`);
  }
  return parts.join(' / ');
}
