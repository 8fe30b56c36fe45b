import { locateViolations } from './locate-violations';
import type { EdifactLocation } from './location';

const at = (tag: string, position: number, element?: EdifactLocation['element']): EdifactLocation => ({
  message: '7',
  segment: { tag, position },
  ...(element ? { element } : {}),
});

describe('locateViolations', () => {
  const positions = new Map<string, EdifactLocation>([
    ['', at('UNH', 1)],
    ['/payload', at('UNH', 1)],
    ['/payload/legs/1', at('TDT', 9)],
    [
      '/payload/legs/1/from',
      at('LOC', 10, { position: 2, component: 1, composite: 'C517', dataElement: '3225' }),
    ],
  ]);

  it.each([
    ['/payload/legs/1/from', 'UNH 7 / LOC 10 / C517 / 3225'],
    ['/payload/legs/1/carrier', 'UNH 7 / TDT 9'],
    ['/payload/goods', 'UNH 7 / UNH 1'],
    ['/recipients/0', 'UNH 7 / UNH 1'],
  ])('puts %s at %s', (path, edifact) => {
    const [located] = locateViolations([{ path, message: 'm', rule: 'r' }], positions);
    expect(located).toEqual(expect.objectContaining({ path, message: 'm', rule: 'r', edifact }));
  });

  it('leaves a violation without location when nothing was translated', () => {
    expect(locateViolations([{ path: '/x', message: 'm', rule: 'r' }], new Map())).toEqual([
      { path: '/x', message: 'm', rule: 'r' },
    ]);
  });
});
