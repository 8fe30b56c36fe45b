/** A segment as data: its tag and its data elements, each a list of components (a simple element has one). */
export interface Segment {
  tag: string;
  elements: string[][];
}

/** A segment as read from an interchange: where it stands (1 = the segment after UNA) and its offset in the text. */
export interface ReadSegment extends Segment {
  position: number;
  offset: number;
}

/** The value at element `element`, component `component` (both from 0), or '' when absent. */
export function valueAt(segment: Segment, element: number, component = 0): string {
  return segment.elements[element]?.[component] ?? '';
}

/** Sets a value, filling the elements and components before it with empty ones. */
export function setValue(segment: Segment, element: number, component: number, value: string): void {
  while (segment.elements.length <= element) segment.elements.push([]);
  const components = segment.elements[element];
  while (components.length <= component) components.push('');
  components[component] = value;
}

/** The segment without trailing empty components and elements, as the syntax requires them to be left out. */
export function trimmed(segment: Segment): Segment {
  const elements = segment.elements.map((components) => dropTrailingEmpty(components, (c) => c === ''));
  return { tag: segment.tag, elements: dropTrailingEmpty(elements, (e) => e.length === 0) };
}

function dropTrailingEmpty<T>(items: T[], empty: (item: T) => boolean): T[] {
  let end = items.length;
  while (end > 0 && empty(items[end - 1])) end--;
  return items.slice(0, end);
}
