import { CpuProfile, sourceOf, summarize } from './profile-summary';

describe('summarize', () => {
  const frame = (functionName: string, url = '', lineNumber = 0) => ({ functionName, url, lineNumber });
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: frame('(root)') },
      { id: 2, callFrame: frame('(idle)') },
      { id: 3, callFrame: frame('encode', 'file:///x/node_modules/kafkajs/src/protocol/encoder.js', 9) },
      { id: 4, callFrame: frame('route', 'file:///x/dist/apps/router/src/routing.service.js', 41) },
      { id: 5, callFrame: frame('(garbage collector)') },
    ],
    samples: [2, 3, 4, 3, 5, 2],
    timeDeltas: [5000, 3000, 1000, 3000, 2000, 9000],
  };

  it('sums self time by function and by source, idle left out', () => {
    const s = summarize(profile);
    expect(s.busyMs).toBe(9);
    expect(s.functions[0]).toEqual({
      name: 'encode kafkajs/src/protocol/encoder.js:10',
      ms: 6,
      percent: 66.7,
    });
    expect(s.functions.map((f) => f.name)).toEqual([
      'encode kafkajs/src/protocol/encoder.js:10',
      '(garbage collector)',
      'route apps/router/src/routing.service.js:42',
    ]);
    expect(s.sources.map((f) => [f.name, f.ms])).toEqual([
      ['kafkajs', 6],
      ['(native, GC, program)', 2],
      ['apps/router', 1],
    ]);
  });

  it.each([
    ['file:///w/node_modules/@nestjs/core/router.js', '@nestjs/core'],
    ['file:///w/dist/libs/kafka/src/records.js', 'libs/kafka'],
    ['/w/libs/persistence/src/stores/x.ts', 'libs/persistence'],
    ['node:internal/streams/readable', 'node'],
    ['', '(native, GC, program)'],
  ])('%s comes from %s', (url, source) => {
    expect(sourceOf(url)).toBe(source);
  });
});
