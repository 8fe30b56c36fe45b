import { ReadRecord } from '../../support/topic-reader';

/** What one recipient's topic holds of the acknowledged messages. */
export interface RecipientAudit {
  recipient: string;
  /** Records on the topic that belong to the load (by id), duplicates included. */
  delivered: number;
  /** Records beyond the first of the same id. */
  duplicated: number;
  /** Acknowledged ids the topic does not hold. */
  lost: number;
  /** Consignments whose messages arrived in another order than they were acknowledged. */
  outOfOrder: string[];
}

/**
 * Compares what recipients hold with what senders were acknowledged. `idOf` names the message a record carries (the
 * CloudEvents id for a delivery, `ackFor` for an ack), `acked` lists each consignment's ids in acknowledgment order.
 */
export function audit(
  recipient: string,
  records: ReadRecord[],
  acked: Map<string, string[]>,
  idOf: (r: ReadRecord) => string,
): RecipientAudit {
  // Order is per partition, and a consignment lives on one partition: sort by partition, then offset.
  const sorted = [...records].sort((a, b) =>
    a.partition !== b.partition ? a.partition - b.partition : Number(BigInt(a.offset) - BigInt(b.offset)),
  );
  return auditSequence(
    recipient,
    sorted.map((r) => ({ id: idOf(r), ref: r.key ?? '' })),
    acked,
  );
}

/**
 * The same audit of what a recipient received in the order it received it, each item named by its message id and
 * consignment (a webhook endpoint's posts, say).
 */
export function auditSequence(
  recipient: string,
  received: Array<{ id: string; ref: string }>,
  acked: Map<string, string[]>,
): RecipientAudit {
  const expected = new Set([...acked.values()].flat());
  const seen = new Map<string, number>();
  const arrival = new Map<string, string[]>();
  let delivered = 0;
  for (const { id, ref } of received) {
    if (!expected.has(id)) continue;
    delivered += 1;
    const n = (seen.get(id) ?? 0) + 1;
    seen.set(id, n);
    if (n === 1) arrival.set(ref, [...(arrival.get(ref) ?? []), id]);
  }
  const lost = [...expected].filter((id) => !seen.has(id)).length;
  const outOfOrder = [...acked]
    .filter(([ref, ids]) => {
      const got = arrival.get(ref) ?? [];
      const want = ids.filter((id) => seen.has(id));
      return got.length !== want.length || got.some((id, i) => id !== want[i]);
    })
    .map(([ref]) => ref);
  return { recipient, delivered, duplicated: delivered - seen.size, lost, outOfOrder };
}
