import { trendTable } from './trend-table';

describe('trendTable', () => {
  const minutes = (values: number[]) => values.map((value, i) => ({ atMs: i * 60_000, value }));

  it('judges each series against 5 % an hour, the database size and the backlog apart', () => {
    const { text, growing } = trendTable(
      new Map([
        ['router RSS MB', minutes([200, 200, 200, 200, 200, 200])],
        ['gateway CPU %', minutes([20, 20, 21, 22, 23, 24])],
        ['database MB', minutes([10, 20, 30, 40, 50, 60])],
      ]),
    );
    expect(growing).toEqual(['gateway CPU %']);
    expect(text).toMatch(/router RSS MB +200\.0 +200\.0 +0 +FLAT/);
    expect(text).toMatch(/gateway CPU % +20\.0 +23\.0 +\d+ +GROWS/);
    expect(text).toMatch(/database MB .*\(not judged\)/);
  });
});
