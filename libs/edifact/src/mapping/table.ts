import type { Codec } from './codecs';

/** A data element's place in a segment: element and component, both from 0 (element 0 follows the tag). */
export type At = readonly [element: number, component: number];

/** A value at a fixed place: a qualifier that identifies the segment, or a code written beside a field. */
export type Fixed = readonly [element: number, component: number, value: string];

/**
 * One envelope field in a segment. `pointer` is a JSON Pointer relative to the scope (the envelope, or the array item
 * of the group or segment), '' for the item itself; '#' is the item's position from 1, written and not read.
 */
export interface Field {
  pointer: string;
  at: At;
  codec?: Codec;
  /** Written with the field (code list qualifiers and agencies, units). */
  with?: readonly Fixed[];
}

/** A segment of the message: identified by its tag and `key` qualifiers, carrying `fields`. */
export interface SegmentRule {
  tag: string;
  key?: readonly Fixed[];
  fields?: readonly Field[];
  /** Written always, even with no field present (e.g. CNT). */
  always?: boolean;
  mandatory?: boolean;
  /** One segment per item of this array (pointer relative to the scope). */
  each?: string;
  /** The array exists (empty) in the envelope even when no segment is there. */
  emptyArray?: boolean;
  /** Free text: the first field spreads over as many consecutive segments as it needs, `spill` components each. */
  spill?: number;
}

/** A segment group: its first rule is its trigger. `each`: one group per array item; `index`: item field set to its position. */
export interface GroupRule {
  group: string;
  rules: readonly Rule[];
  each?: string;
  index?: string;
  emptyArray?: boolean;
  mandatory?: boolean;
}

export type Rule = SegmentRule | GroupRule;

/** The mapping of one EDIFACT message to one envelope type, in the order of the message's segment table. */
export interface MessageTable {
  message: string;
  type: string;
  rules: readonly Rule[];
}

export const isGroup = (rule: Rule): rule is GroupRule => 'group' in rule;
