import { parseMessageSearch, parsePage, parseWindow } from './query-input';

describe('admin query input', () => {
  it('searches by every criterion given, with the default page', () => {
    expect(
      parseMessageSearch({
        id: ' 0b9f4a5e-6a52-4c2e-9d7e-2f1a9c3b7d10 ',
        consignmentRef: 'KTZ-2026-000123',
        sender: 'KZ-RAIL-KTZ',
        type: 'consignment.note',
        status: 'routed',
        from: '2026-11-25T14:00:00+04:00',
        to: '2026-11-25T11:00:00Z',
        sort: 'ignored',
      }),
    ).toEqual({
      value: {
        id: '0b9f4a5e-6a52-4c2e-9d7e-2f1a9c3b7d10',
        consignmentRef: 'KTZ-2026-000123',
        sender: 'KZ-RAIL-KTZ',
        type: 'consignment.note',
        status: 'routed',
        from: '2026-11-25T10:00:00.000Z',
        to: '2026-11-25T11:00:00.000Z',
        limit: 50,
        offset: 0,
      },
      violations: [],
    });
  });

  it('treats empty parameters (an empty form field) as absent', () => {
    expect(parseMessageSearch({ id: '', from: '', status: '' }).value).toEqual({
      limit: 50,
      offset: 0,
      from: undefined,
      to: undefined,
    });
  });

  it.each([
    [{ from: 'yesterday' }, '/from', 'query.date-time'],
    [{ to: '2026-11-25T10:00:00' }, '/to', 'query.date-time'],
    [{ from: '2026-11-25T11:00:00Z', to: '2026-11-25T10:00:00Z' }, '/to', 'query.range'],
    [{ status: 'lost' }, '/status', 'query.enum'],
    [{ sender: 'X'.repeat(65) }, '/sender', 'query.length'],
    [{ limit: '0' }, '/limit', 'query.range'],
    [{ limit: '201' }, '/limit', 'query.range'],
    [{ offset: '-1' }, '/offset', 'query.range'],
  ])('refuses %j at %s', (q, path, rule) => {
    expect(parseMessageSearch(q).violations).toEqual([expect.objectContaining({ path, rule })]);
  });

  it('reports every bad parameter at once', () => {
    expect(parseMessageSearch({ from: 'x', limit: 'y' }).violations.map((v) => v.path)).toEqual([
      '/from',
      '/limit',
    ]);
  });

  it('pages with limit and offset', () => {
    expect(parsePage({ limit: '10', offset: '20' }).value).toEqual({ limit: 10, offset: 20 });
    expect(parsePage({}).value).toEqual({ limit: 50, offset: 0 });
  });

  it.each([
    [{}, 30],
    [{ minutes: '5' }, 5],
    [{ minutes: '1440' }, 1440],
  ])('reads the stats window %j as %d minutes', (q, minutes) => {
    expect(parseWindow(q).value).toBe(minutes);
  });

  it('refuses a window over a day', () => {
    expect(parseWindow({ minutes: '1441' }).violations).toEqual([
      expect.objectContaining({ path: '/minutes', rule: 'query.range' }),
    ]);
  });
});
