import { setValue, type Segment } from '../syntax/segment';
import { getAt, itemsAt } from './pointer';
import { isGroup, type Field, type Rule, type SegmentRule } from './table';

/** Writes the body segments of one message (UNH and UNT excluded) from an envelope-shaped value by its table's rules. */
export function writeMessage(rules: readonly Rule[], root: unknown): Segment[] {
  const out: Segment[] = [];
  writeLevel(rules, root, '', 0, out);
  return out;
}

function writeLevel(
  rules: readonly Rule[],
  root: unknown,
  scope: string,
  position: number,
  out: Segment[],
): void {
  for (const rule of rules) {
    if (rule.each !== undefined) {
      const each = rule.each;
      itemsAt(root, scope + each).forEach((_, i) => {
        const item = `${scope}${each}/${i}`;
        if (isGroup(rule)) writeLevel(rule.rules, root, item, i + 1, out);
        else writeSegment(rule, root, item, i + 1, out);
      });
    } else if (isGroup(rule)) writeLevel(rule.rules, root, scope, position, out);
    else writeSegment(rule, root, scope, position, out);
  }
}

function writeSegment(
  rule: SegmentRule,
  root: unknown,
  scope: string,
  position: number,
  out: Segment[],
): void {
  const fields = rule.fields ?? [];
  const values = fields.map((f) => (f.pointer === '#' ? String(position) : getAt(root, scope + f.pointer)));
  const present = fields.some((f, i) => f.pointer !== '#' && values[i] !== undefined);
  if (!present && !rule.always) return;
  if (rule.spill !== undefined) {
    out.push(...spilled(rule, fields[0], values[0], rule.spill));
    return;
  }
  const segment = keyed(rule);
  fields.forEach((field, i) => {
    if (values[i] !== undefined) place(segment, field, values[i]);
  });
  out.push(segment);
}

function spilled(rule: SegmentRule, field: Field, value: unknown, perSegment: number): Segment[] {
  const components = field.codec ? field.codec.write(value) : [String(value)];
  const segments: Segment[] = [];
  for (let i = 0; i < components.length; i += perSegment) {
    const segment = keyed(rule);
    components.slice(i, i + perSegment).forEach((c, k) => setValue(segment, field.at[0], field.at[1] + k, c));
    segments.push(segment);
  }
  return segments;
}

function keyed(rule: SegmentRule): Segment {
  const segment: Segment = { tag: rule.tag, elements: [] };
  for (const [element, component, value] of rule.key ?? []) setValue(segment, element, component, value);
  return segment;
}

function place(segment: Segment, field: Field, value: unknown): void {
  const components = field.codec ? field.codec.write(value) : [String(value)];
  components.forEach((c, k) => setValue(segment, field.at[0], field.at[1] + k, c));
  for (const [element, component, fixed] of field.with ?? []) setValue(segment, element, component, fixed);
}
