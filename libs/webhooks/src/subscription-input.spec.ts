import { parseSubscriptionInput } from './subscription-input';

describe('parseSubscriptionInput', () => {
  const good = { url: 'https://hooks.example/cx', secret: 'a-secret-of-16-chars' };

  it('accepts url and secret, with an optional filter', () => {
    expect(parseSubscriptionInput({ ...good, types: ['ack'], consignmentRef: 'R-1' })).toEqual({
      input: {
        url: good.url,
        secret: good.secret,
        filter: { types: ['ack'], consignmentRef: 'R-1' },
        format: 'json',
      },
      violations: [],
    });
  });

  it('takes the format deliveries are posted in', () => {
    expect(parseSubscriptionInput({ ...good, format: 'edifact' }).input?.format).toBe('edifact');
  });

  it('lists every violation at once', () => {
    const r = parseSubscriptionInput({
      url: 'ftp://x',
      secret: 'short',
      types: 'BAD',
      colour: 'red',
      format: 'xml',
    });
    expect(r.input).toBeUndefined();
    expect(r.violations.map((v) => v.path).sort()).toEqual([
      '/colour',
      '/format',
      '/secret',
      '/types',
      '/url',
    ]);
  });

  it.each([null, [], 'x'])('refuses a body that is not an object: %j', (body) => {
    expect(parseSubscriptionInput(body).violations[0].rule).toBe('subscription.body');
  });
});
