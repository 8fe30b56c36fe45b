import { failuresByRule } from './failures';

describe('failuresByRule', () => {
  it('counts each rejected message once per rule it broke, most frequent first', () => {
    const rows = [
      { errors: [{ rule: 'schema.pattern' }, { rule: 'schema.pattern' }, { rule: 'legs.contiguous' }] },
      { errors: [{ rule: 'legs.contiguous' }] },
      { errors: [{ rule: 'check-digit.iso6346' }] },
      { errors: null },
    ];
    expect(failuresByRule(rows)).toEqual([
      { rule: 'legs.contiguous', count: 2 },
      { rule: 'check-digit.iso6346', count: 1 },
      { rule: 'schema.pattern', count: 1 },
    ]);
  });

  it('is empty when nothing failed', () => {
    expect(failuresByRule([])).toEqual([]);
  });
});
