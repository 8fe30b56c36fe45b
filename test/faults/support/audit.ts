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
  /** Where the first duplicated id sits (`id at partition/offset, partition/offset`), to look up after a failure. */
  firstDuplicate?: string;
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
  const expected = new Set([...acked.values()].flat());
  /** Where each id of the load sits (`partition/offset`), in order: more than one is a duplicate. */
  const seen = new Map<string, string[]>();
  const arrival = new Map<string, string[]>();
  let delivered = 0;
  // Order is per partition, and a consignment lives on one partition: sort by partition, then offset.
  const sorted = [...records].sort((a, b) =>
    a.partition !== b.partition ? a.partition - b.partition : Number(BigInt(a.offset) - BigInt(b.offset)),
  );
  for (const r of sorted) {
    const id = idOf(r);
    if (!expected.has(id)) continue;
    delivered += 1;
    const positions = seen.get(id) ?? [];
    positions.push(`${r.partition}/${r.offset}`);
    seen.set(id, positions);
    if (positions.length === 1) {
      const ref = r.key ?? '';
      arrival.set(ref, [...(arrival.get(ref) ?? []), id]);
    }
  }
  const lost = [...expected].filter((id) => !seen.has(id)).length;
  const outOfOrder = [...acked]
    .filter(([ref, ids]) => {
      const got = arrival.get(ref) ?? [];
      const want = ids.filter((id) => seen.has(id));
      return got.length !== want.length || got.some((id, i) => id !== want[i]);
    })
    .map(([ref]) => ref);
  const dup = [...seen].find(([, positions]) => positions.length > 1);
  const firstDuplicate = dup && `${dup[0]} at ${dup[1].join(', ')}`;
  return {
    recipient,
    delivered,
    duplicated: delivered - seen.size,
    lost,
    outOfOrder,
    ...(firstDuplicate ? { firstDuplicate } : {}),
  };
}

/** One line of a case's report: what a recipient held of the acknowledged messages. */
export function auditLine(a: RecipientAudit): string {
  return (
    `  ${a.recipient}: delivered ${a.delivered}, duplicated ${a.duplicated}, lost ${a.lost}, ` +
    `consignments out of order ${a.outOfOrder.length}` +
    (a.firstDuplicate ? `; first duplicate: ${a.firstDuplicate}` : '')
  );
}
