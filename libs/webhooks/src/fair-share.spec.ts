import { takeTurns } from './fair-share';

const subs = (participantId: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `${participantId}-${i}`, participantId }));

describe('takeTurns', () => {
  it('gives each participant at most its share, however many subscriptions it has', () => {
    const chosen = takeTurns([...subs('A', 64), ...subs('B', 1)], new Map(), {
      total: 32,
      perParticipant: 4,
    });
    expect(chosen.filter((s) => s.participantId === 'A')).toHaveLength(4);
    expect(chosen.map((s) => s.id)).toContain('B-0');
  });

  it('counts what is already in flight, per participant and in total', () => {
    const limits = { total: 5, perParticipant: 3 };
    expect(takeTurns(subs('A', 5), new Map([['A', 3]]), limits)).toEqual([]);
    expect(takeTurns([...subs('A', 5), ...subs('B', 5)], new Map([['C', 3]]), limits)).toHaveLength(2);
  });

  it('takes turns across participants when slots are scarce', () => {
    const chosen = takeTurns([...subs('A', 10), ...subs('B', 10), ...subs('C', 1)], new Map(), {
      total: 3,
      perParticipant: 4,
    });
    expect(chosen.map((s) => s.participantId).sort()).toEqual(['A', 'B', 'C']);
  });
});
