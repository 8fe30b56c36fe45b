import { randomUUID } from 'node:crypto';
import { corpusMessage, Envelope } from '../test/support/corridor';

/** Goods of a bulk ferry load, one line per hold and grade: makes the note about 2 KB, as the mix asks. */
const GOODS = [
  ['1001990000', 'Бидай, жұмсақ, 3-сынып, 1-трюм'],
  ['1001990000', 'Бидай, жұмсақ, 3-сынып, 2-трюм'],
  ['1001990000', 'Пшеница мягкая, 4 класс, трюм 3'],
  ['1003900000', 'Арпа, азықтық, 4-трюм'],
  ['1003900000', 'Ячмень фуражный, трюм 5'],
  ['1001990000', 'Бидай, жұмсақ, 3-сынып, 6-трюм'],
  ['1001990000', 'Пшеница мягкая, 3 класс, трюм 7'],
  ['1003900000', 'Арпа, азықтық, 8-трюм'],
  ['1001990000', 'Пшеница мягкая, 4 класс, трюм 9'],
  ['1003900000', 'Ячмень фуражный, трюм 10'],
] as const;

/**
 * The benchmark's workload: consignment notes of about 2 KB on the Aktau–Baku ferry (six recipients: both ports, both
 * customs, the railway and the forwarder), each followed by a status event of the same consignment from the port of
 * Aktau (routed to the consignment's other parties). With the ack to each sender, about 7 records a message.
 */
export function workload(n: number, tag: string): Envelope[] {
  const base = corpusMessage('consignment.note/valid-aktau-baku-bulk-ferry');
  const payload = base.payload as { goods: unknown[]; totalGrossMassKg: number };
  const mass = payload.totalGrossMassKg / GOODS.length;
  const note: Envelope = {
    ...base,
    payload: {
      ...payload,
      goods: GOODS.map(([hsCode, description]) => ({
        hsCode,
        description,
        packageCount: 1,
        packageType: 'VR',
        grossMassKg: mass,
      })),
    },
  };
  const status = corpusMessage('transport.status/valid-loaded-aktau-ferry');
  return Array.from({ length: n }, (_, i) => {
    const ref = `BENCH-${tag}-${Math.floor(i / 2)}`;
    return { ...(i % 2 === 0 ? note : status), id: randomUUID(), consignmentRef: ref };
  });
}
