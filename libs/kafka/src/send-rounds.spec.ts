import { OutgoingRecord } from './records';
import { sendRounds } from './send-rounds';

const record = (topic: string, i: number, bytes = 1000): OutgoingRecord => ({
  topic,
  key: `k${i}`,
  value: `${i}:`.padEnd(bytes, 'x'),
  headers: {},
});

describe('sendRounds', () => {
  it('sends a small transaction in one request', () => {
    const rounds = sendRounds([record('a', 1), record('b', 2), record('a', 3)]);
    expect(rounds).toHaveLength(1);
    expect(rounds[0].map((t) => [t.topic, t.messages.map((m) => m.key)])).toEqual([
      ['a', ['k1', 'k3']],
      ['b', ['k2']],
    ]);
  });

  it('bounds each topic per request and keeps every record once, in order', () => {
    const outgoing = Array.from({ length: 3000 }, (_, i) => record(i % 3 === 0 ? 'b' : 'a', i));
    const rounds = sendRounds(outgoing, 100_000);
    for (const round of rounds) {
      for (const t of round) {
        const bytes = t.messages.reduce((n, m) => n + Buffer.byteLength(m.value as string) + 200, 0);
        expect(bytes).toBeLessThanOrEqual(100_000);
      }
    }
    for (const topic of ['a', 'b']) {
      const sent = rounds.flatMap((r) => r.filter((t) => t.topic === topic).flatMap((t) => t.messages));
      expect(sent.map((m) => m.key)).toEqual(outgoing.filter((r) => r.topic === topic).map((r) => r.key));
    }
    expect(rounds.length).toBeGreaterThan(1);
  });

  it('still sends a single record larger than the bound, alone', () => {
    const rounds = sendRounds([record('a', 1, 10), record('a', 2, 5000), record('a', 3, 10)], 1000);
    expect(rounds.map((r) => r[0].messages.map((m) => m.key))).toEqual([['k1'], ['k2'], ['k3']]);
  });
});
