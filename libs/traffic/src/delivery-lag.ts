export interface PartitionEnd {
  partition: number;
  /** The log-end offset (high watermark). */
  high: string;
  /** The earliest offset still in the log. */
  low: string;
}

export interface GroupOffsets {
  groupId: string;
  /** Committed offsets; `-1` where the group has committed nothing on that partition. */
  partitions: ReadonlyArray<{ partition: number; offset: string }>;
}

export interface ConsumerLag {
  groupId: string;
  lag: number;
}

export type DeliveryLag =
  | { status: 'consumed'; lag: number; consumers: ConsumerLag[] }
  | { status: 'no consumer'; lag: null; consumers: [] };

/**
 * How far the consumers of a participant's delivery topic are behind its end: per consumer group, the sum over
 * partitions of end offset minus committed offset (a partition the group has not committed on counts from the log
 * start). A group reads the topic when it has committed on any of its partitions. The participant's lag is the
 * smallest of its groups' (its most current reader). With transactional writes each commit marker takes an offset,
 * so a caught-up reader may show a lag of a few markers at most.
 */
export function deliveryLag(ends: readonly PartitionEnd[], groups: readonly GroupOffsets[]): DeliveryLag {
  const consumers: ConsumerLag[] = [];
  for (const g of groups) {
    const committed = new Map(g.partitions.map((p) => [p.partition, Number(p.offset)]));
    if (![...committed.values()].some((o) => o >= 0)) continue;
    let lag = 0;
    for (const e of ends) {
      const c = committed.get(e.partition) ?? -1;
      lag += Math.max(0, Number(e.high) - (c >= 0 ? c : Number(e.low)));
    }
    consumers.push({ groupId: g.groupId, lag });
  }
  if (consumers.length === 0) return { status: 'no consumer', lag: null, consumers: [] };
  consumers.sort((a, b) => a.lag - b.lag || a.groupId.localeCompare(b.groupId));
  return { status: 'consumed', lag: consumers[0].lag, consumers };
}
