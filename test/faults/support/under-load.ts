/** A fault case run under load, and its audit: shared by the fault suite and the cluster fault suite. */
import { setTimeout as sleep } from 'node:timers/promises';
import { deliverTopic, Envelope } from '../../support/corridor';
import { Exchange } from '../../support/exchange';
import { TopicReader } from '../../support/topic-reader';
import { waitFor } from '../../support/wait';
import { audit, RecipientAudit } from './audit';
import { FaultLoad, LoadOptions } from './load';

/** Load runs this long before a fault and after recovery. */
export const STEADY_MS = 4_000;

export interface FaultContext {
  /** The exchange (with a gateway): the load's default door, and the one whose readiness ends a fault. */
  x: Exchange;
  /** Every instance set whose readiness ends a fault (default: `x` alone). */
  instances?: () => Exchange[];
  template: Envelope;
  /** The sender's API key. */
  key: string;
  operator: ConstructorParameters<typeof FaultLoad>[4];
  recipients: string[];
  log: (line: string) => void;
  load?: Partial<LoadOptions>;
}

function ackFor(r: { json: Record<string, unknown> }): string {
  return String((r.json.payload as { ackFor?: string } | undefined)?.ackFor ?? '');
}

/**
 * Runs load, injects the fault, waits for the exchange to be healthy again, lets the load go on a while, then audits
 * every recipient's topic and the sender's acks.
 */
export async function underLoad(c: FaultContext, tag: string, fault: () => Promise<void>) {
  const { x, template, recipients, log } = c;
  const load = new FaultLoad(x, template, c.key, tag, c.operator, c.load);
  await load.start();
  await sleep(STEADY_MS);
  const faultStart = Date.now();
  await fault();
  const faultEnd = Date.now();
  for (const instance of c.instances?.() ?? [x]) await instance.waitReady(180_000);
  await sleep(STEADY_MS);
  await load.stop();

  const topics = [...recipients, template.sender].map((id) => deliverTopic(x, id));
  const reader = await TopicReader.open(topics);
  const acked = load.ackedIds();
  try {
    const holds = (id: string) =>
      new Set(
        reader.on(deliverTopic(x, id)).map((r) => (id === template.sender ? ackFor(r) : r.headers.ce_id)),
      );
    const complete = () =>
      [...recipients, template.sender].every((id) => {
        const held = holds(id);
        return acked.every((m) => held.has(m));
      });
    await waitFor(complete, {
      timeoutMs: 180_000,
      what: `every recipient to hold ${acked.length} messages`,
    }).catch((err) => log(`${(err as Error).message}: auditing what is there`));
    // Anything processed twice would be on the topics by now; give a late duplicate a moment to show.
    await sleep(2_000);
    const audits: RecipientAudit[] = [
      ...recipients.map((id) =>
        audit(id, reader.on(deliverTopic(x, id)), load.acked, (r) => r.headers.ce_id),
      ),
      audit(`${template.sender} (acks)`, reader.on(deliverTopic(x, template.sender)), load.acked, ackFor),
    ];
    const n = load.counts;
    log(
      `${tag}: sent ${n.sent}, acknowledged ${n.acknowledged}, answered 503 ${n.unavailable}, ` +
        `failed attempts ${n.failedAttempts}, unexpected ${n.unexpected.length}; fault lasted ` +
        `${((faultEnd - faultStart) / 1000).toFixed(1)} s`,
    );
    if (n.unexpected.length > 0 || n.acknowledged < n.sent)
      log(`gateway log (last lines):\n${x.tail('gateway', 40)}`);
    for (const a of audits)
      log(
        `  ${a.recipient}: delivered ${a.delivered}, duplicated ${a.duplicated}, lost ${a.lost}, ` +
          `consignments out of order ${a.outOfOrder.length}`,
      );
    if (audits[0]?.duplicated) {
      const twice = duplicated(reader, x, recipients[0], new Set(acked));
      const retried = [...twice.keys()].filter((id) => load.retried.has(id)).length;
      log(
        `  ${recipients[0]}: ${twice.size} ids held twice, ${retried} of them sent more than once; first: ` +
          [...twice]
            .slice(0, 5)
            .map(([id, at]) => `${id} at ${at.join(' and ')}`)
            .join('; '),
      );
    }
    return { load, audits };
  } finally {
    await reader.close();
  }
}

/** The ids a recipient's topic holds more than once, each with its positions (partition:offset). */
function duplicated(
  reader: TopicReader,
  x: Exchange,
  recipient: string,
  ofLoad: Set<string>,
): Map<string, string[]> {
  const positions = new Map<string, string[]>();
  for (const r of reader.on(deliverTopic(x, recipient)).filter((r) => ofLoad.has(r.headers.ce_id)))
    positions.set(r.headers.ce_id, [...(positions.get(r.headers.ce_id) ?? []), `${r.partition}:${r.offset}`]);
  return new Map([...positions].filter(([, at]) => at.length > 1));
}

export function expectNothingLost({ load, audits }: Awaited<ReturnType<typeof underLoad>>) {
  expect(load.counts.unexpected).toEqual([]);
  expect(load.counts.acknowledged).toBeGreaterThan(0);
  // Everything sent was acknowledged in the end: the load retries what was refused with 503.
  expect(load.counts.acknowledged).toBe(load.counts.sent);
  for (const a of audits) {
    expect({
      recipient: a.recipient,
      lost: a.lost,
      duplicated: a.duplicated,
      outOfOrder: a.outOfOrder,
    }).toEqual({
      recipient: a.recipient,
      lost: 0,
      duplicated: 0,
      outOfOrder: [],
    });
    expect(a.delivered).toBe(load.counts.acknowledged);
  }
}
