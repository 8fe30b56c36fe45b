import { encodeCursor } from './cursor';
import { INBOX_DEFAULT_LIMIT, parseInboxQuery } from './inbox-query';

describe('parseInboxQuery', () => {
  it('defaults to the start of the inbox and the default page', () => {
    expect(parseInboxQuery({})).toEqual({
      query: { afterSeq: 0, limit: INBOX_DEFAULT_LIMIT, filter: {}, format: 'json' },
      violations: [],
    });
  });

  it('reads after, limit and the filter', () => {
    const { query } = parseInboxQuery({
      after: encodeCursor(41),
      limit: '500',
      types: 'ack',
      consignmentRef: 'R-1',
      format: 'edifact',
    });
    expect(query).toEqual({
      afterSeq: 41,
      limit: 500,
      filter: { types: ['ack'], consignmentRef: 'R-1' },
      format: 'edifact',
    });
  });

  it('prefers Last-Event-ID over after', () => {
    expect(parseInboxQuery({ after: encodeCursor(1) }, encodeCursor(7)).query.afterSeq).toBe(7);
  });

  it.each([
    [{ after: 'nope!' }, '/after'],
    [{ limit: '0' }, '/limit'],
    [{ limit: '501' }, '/limit'],
    [{ limit: 'ten' }, '/limit'],
    [{ limit: '1.5' }, '/limit'],
    [{ types: 'BAD' }, '/types'],
    [{ format: 'xml' }, '/format'],
    [{ format: 'EDIFACT' }, '/format'],
  ])('refuses %j naming %s', (q, path) => {
    expect(parseInboxQuery(q).violations.map((v) => v.path)).toEqual([path]);
  });

  it('names Last-Event-ID when that is bad', () => {
    expect(parseInboxQuery({}, 'zz!').violations.map((v) => v.path)).toEqual(['Last-Event-ID']);
  });
});
