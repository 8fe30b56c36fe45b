import { locationOf, type EdifactLocation } from '../location';
import type { ReadSegment } from '../syntax/segment';
import { SYNTAX_ERROR_CODES, type EdifactSyntaxError } from '../syntax/syntax-error';
import { getAt, setAt } from './pointer';
import { isGroup, type Field, type GroupRule, type MessageTable, type Rule, type SegmentRule } from './table';

/** Where each translated value came from: JSON Pointer into the envelope → EDIFACT location. */
export type FieldPositions = ReadonlyMap<string, EdifactLocation>;

export interface ReadMessage {
  value: Record<string, unknown>;
  positions: Map<string, EdifactLocation>;
  errors: EdifactSyntaxError[];
  /** Segments the mapping does not carry: read over, reported, not translated. */
  ignored: ReadSegment[];
}

interface Context extends ReadMessage {
  table: MessageTable;
  reference: string;
  segments: readonly ReadSegment[];
  /** Where a missing segment is reported: the segment that stands in its place (or UNT). */
  end: ReadSegment;
}

/** Reads the body of one message (the segments between UNH and UNT) by its table into an envelope-shaped value. */
export function readMessage(
  table: MessageTable,
  reference: string,
  segments: readonly ReadSegment[],
): ReadMessage {
  const body = segments.slice(1, segments[segments.length - 1]?.tag === 'UNT' ? -1 : undefined);
  const end = segments[segments.length - 1];
  const context: Context = {
    table,
    reference,
    segments: body,
    end,
    value: {},
    positions: new Map(),
    errors: [],
    ignored: [],
  };
  const stop = readLevel(table.rules, 0, '', context, false);
  if (stop < body.length) {
    const segment = body[stop];
    context.errors.push(
      error(
        context,
        'edifact.segment-order',
        `${segment.tag} is out of its place in ${table.message}: this and the segments after it were not read`,
        segment,
      ),
    );
  }
  const { value, positions, errors, ignored } = context;
  return { value, positions, errors, ignored };
}

/**
 * Reads one level (the message, or one occurrence of a group) in the order of its rules: a segment matches the current
 * rule or a later one, so order is checked; a group's trigger starts a new occurrence only from the level above. A
 * segment no rule of the table knows is read over; one the table knows elsewhere ends this level, as it belongs to an
 * enclosing one. Returns the index of the first segment not read.
 */
function readLevel(
  rules: readonly Rule[],
  start: number,
  scope: string,
  context: Context,
  inGroup: boolean,
): number {
  const segments = context.segments;
  const seen = new Set<number>();
  let cursor = start;
  let current = 0;
  while (cursor < segments.length) {
    const segment = segments[cursor];
    const from = inGroup && cursor > start ? Math.max(current, 1) : current;
    const index = rules.findIndex((rule, i) => i >= from && matches(rule, segment));
    if (index === -1) {
      if (known(context.table.rules, segment)) break;
      context.ignored.push(segment);
      cursor++;
      continue;
    }
    reportMissing(rules.slice(current, index), seen, current, segment, context);
    current = index;
    const rule = rules[index];
    cursor = isGroup(rule)
      ? readGroup(rule, cursor, scope, context, seen.has(index))
      : readSegments(rule, cursor, scope, context, seen.has(index));
    seen.add(index);
  }
  reportMissing(rules.slice(current), seen, current, segments[cursor] ?? context.end, context);
  for (const rule of rules) {
    const pointer = scope + (rule.each ?? '');
    if (rule.emptyArray && getAt(context.value, pointer) === undefined) setAt(context.value, pointer, []);
  }
  return cursor;
}

function readGroup(
  rule: GroupRule,
  cursor: number,
  scope: string,
  context: Context,
  repeated: boolean,
): number {
  if (rule.each === undefined) {
    if (repeated) context.errors.push(repeatedError(context, context.segments[cursor]));
    return readLevel(rule.rules, cursor, scope, context, true);
  }
  const item = `${scope}${rule.each}/${arrayLength(context, scope + rule.each)}`;
  context.positions.set(item, locationOf(context.segments[cursor], context.reference));
  if (rule.index !== undefined) {
    setAt(context.value, item + rule.index, Number(item.slice(item.lastIndexOf('/') + 1)) + 1);
    context.positions.set(item + rule.index, locationOf(context.segments[cursor], context.reference));
  }
  return readLevel(rule.rules, cursor, item, context, true);
}

function readSegments(
  rule: SegmentRule,
  cursor: number,
  scope: string,
  context: Context,
  repeated: boolean,
): number {
  const segments = context.segments;
  const segment = segments[cursor];
  if (rule.each !== undefined) {
    const item = `${scope}${rule.each}/${arrayLength(context, scope + rule.each)}`;
    context.positions.set(item, locationOf(segment, context.reference));
    readFields(rule.fields ?? [], [segment], item, context);
    return cursor + 1;
  }
  if (repeated) context.errors.push(repeatedError(context, segment));
  let next = cursor + 1;
  if (rule.spill !== undefined) while (next < segments.length && matches(rule, segments[next])) next++;
  readFields(rule.fields ?? [], segments.slice(cursor, next), scope, context);
  return next;
}

/** Reads each field; a spilled field joins its components from all the segments. */
function readFields(
  fields: readonly Field[],
  segments: readonly ReadSegment[],
  scope: string,
  context: Context,
): void {
  for (const field of fields.filter((f) => f.pointer !== '#')) {
    const [element, component] = field.at;
    const width = segments.length > 1 ? Infinity : (field.codec?.width ?? 1);
    const components = segments.flatMap((s) =>
      (s.elements[element] ?? []).slice(component, component + width),
    );
    if (components.every((c) => c === '')) continue;
    const padded = Number.isFinite(width)
      ? [...components, ...Array<string>(width - components.length).fill('')]
      : components;
    setAt(context.value, scope + field.pointer, field.codec ? field.codec.read(padded) : padded[0]);
    context.positions.set(
      scope + field.pointer,
      locationOf(segments[0], context.reference, element, component),
    );
  }
}

export function matches(rule: Rule, segment: { tag: string; elements: string[][] }): boolean {
  if (isGroup(rule)) return matches(rule.rules[0], segment);
  return (
    rule.tag === segment.tag && (rule.key ?? []).every(([e, c, v]) => (segment.elements[e]?.[c] ?? '') === v)
  );
}

function known(rules: readonly Rule[], segment: ReadSegment): boolean {
  return rules.some((rule) => (isGroup(rule) ? known(rule.rules, segment) : matches(rule, segment)));
}

function arrayLength(context: Context, pointer: string): number {
  const value = getAt(context.value, pointer);
  return Array.isArray(value) ? value.length : 0;
}

function reportMissing(
  rules: readonly Rule[],
  seen: Set<number>,
  offset: number,
  at: ReadSegment,
  context: Context,
) {
  rules.forEach((rule, i) => {
    if (!rule.mandatory || seen.has(offset + i)) return;
    const tag = isGroup(rule) ? (rule.rules[0] as SegmentRule).tag : rule.tag;
    const qualifier = (isGroup(rule) ? (rule.rules[0] as SegmentRule) : rule).key?.[0]?.[2];
    context.errors.push({
      rule: 'edifact.missing-segment',
      code: SYNTAX_ERROR_CODES.dataSegmentMissingOrInvalid,
      message: `${context.table.message} requires ${tag}${qualifier === undefined ? '' : `+${qualifier}`} before this position`,
      location: { message: context.reference, segment: { tag, position: at.position } },
    });
  });
}

function repeatedError(context: Context, segment: ReadSegment): EdifactSyntaxError {
  return error(
    context,
    'edifact.segment-repeated',
    `${segment.tag} may stand here once in ${context.table.message}`,
    segment,
  );
}

function error(context: Context, rule: string, message: string, segment: ReadSegment): EdifactSyntaxError {
  return {
    rule,
    code: SYNTAX_ERROR_CODES.dataSegmentMissingOrInvalid,
    message,
    location: locationOf(segment, context.reference),
  };
}
