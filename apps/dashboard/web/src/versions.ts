import type { Consignment } from './types';

export type TimelineItem = Consignment['timeline'][number];

/**
 * The versions of the message `id` in a consignment's timeline, oldest first: what it corrected, back to the first
 * version, and what corrected or cancelled it since. Just the message when it was never corrected.
 */
export function versionChain(timeline: readonly TimelineItem[], id: string): TimelineItem[] {
  const byId = new Map(timeline.map((t) => [t.id, t]));
  const replacing = new Map(timeline.filter((t) => t.supersedes).map((t) => [t.supersedes!, t]));
  const chain: TimelineItem[] = [];
  for (let t = byId.get(id); t && !chain.includes(t); t = t.supersedes ? byId.get(t.supersedes) : undefined) {
    chain.unshift(t);
  }
  for (let t = replacing.get(id); t && !chain.includes(t); t = replacing.get(t.id)) chain.push(t);
  return chain;
}

/** How the timeline and the message page name a version. */
export function versionNote(t: TimelineItem): string {
  if (t.type === 'message.cancellation') return 'cancellation';
  if (t.supersedes) return t.current ? 'correction, current' : 'correction, replaced';
  return t.current ? 'current' : 'replaced';
}
