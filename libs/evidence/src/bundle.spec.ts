import { segmentsFor } from './bundle';

describe('segmentsFor', () => {
  const headsAt = (...seqs: number[]) => {
    const asked: number[] = [];
    const headFrom = async (seq: number) => {
      asked.push(seq);
      const at = seqs.find((h) => h >= seq);
      return at === undefined ? undefined : { seq: at, jws: `head-${at}` };
    };
    return { headFrom, asked };
  };

  it('runs from each entry to the nearest head after it, one segment per head', async () => {
    const { headFrom, asked } = headsAt(10, 500, 1000);
    expect(await segmentsFor([3, 7, 600, 650, 990], headFrom)).toEqual([
      { from: 3, head: { seq: 10, jws: 'head-10' } },
      { from: 600, head: { seq: 1000, jws: 'head-1000' } },
    ]);
    // Entries under a head already found ask for none.
    expect(asked).toEqual([3, 600]);
  });

  it('leaves the last segment open when no head is signed after it yet', async () => {
    const { headFrom } = headsAt(10);
    expect(await segmentsFor([3, 20, 25], headFrom)).toEqual([
      { from: 3, head: { seq: 10, jws: 'head-10' } },
      { from: 20, head: undefined },
    ]);
    expect(await segmentsFor([], headFrom)).toEqual([]);
  });
});
