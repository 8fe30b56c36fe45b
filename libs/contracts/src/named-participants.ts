type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Every participant id an envelope names (sender, recipients, leg carriers, declarant), read defensively from
 * input that may not have passed validation: the apps refresh their participant directory for these first.
 */
export function namedParticipantIds(envelope: unknown): string[] {
  if (!isObject(envelope)) return [];
  const ids: unknown[] = [envelope.sender];
  if (Array.isArray(envelope.recipients)) ids.push(...envelope.recipients);
  const payload = isObject(envelope.payload) ? envelope.payload : {};
  if (Array.isArray(payload.legs)) for (const leg of payload.legs) if (isObject(leg)) ids.push(leg.carrier);
  ids.push(payload.declarant);
  return [...new Set(ids.filter((id): id is string => typeof id === 'string'))];
}
