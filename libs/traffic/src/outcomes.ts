export const OUTCOMES = ['accepted', 'routed', 'rejected'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface OutcomeCount {
  type: string;
  outcome: string;
  count: number | string;
}

export interface TypeOutcomes {
  type: string;
  accepted: number;
  routed: number;
  rejected: number;
  total: number;
}

/**
 * One row per message type with its count per outcome (`accepted` means still in the pipeline), from GROUP BY rows
 * (PostgreSQL returns counts as strings). Sorted by type.
 */
export function outcomesByType(rows: readonly OutcomeCount[]): TypeOutcomes[] {
  const byType = new Map<string, TypeOutcomes>();
  for (const r of rows) {
    const t = byType.get(r.type) ?? { type: r.type, accepted: 0, routed: 0, rejected: 0, total: 0 };
    const n = Number(r.count);
    if ((OUTCOMES as readonly string[]).includes(r.outcome)) t[r.outcome as Outcome] += n;
    t.total += n;
    byType.set(r.type, t);
  }
  return [...byType.values()].sort((a, b) => a.type.localeCompare(b.type));
}
