import { createHmac } from 'node:crypto';
import { parseSignature, signBody, verifySignature } from './signature';

describe('webhook signatures', () => {
  const secret = 'whsec-test-0123456789';
  const body = '{"id":"x","type":"ack"}';

  it('is HMAC-SHA256 of "<t>.<body>" in hex', () => {
    const expected = createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex');
    expect(signBody(secret, body, 1700000000)).toBe(`t=1700000000,v1=${expected}`);
  });

  it('verifies its own signature within the tolerance', () => {
    const header = signBody(secret, body, 1000);
    expect(verifySignature(secret, header, body, 1000)).toBe(true);
    expect(verifySignature(secret, header, Buffer.from(body), 1200)).toBe(true);
  });

  it.each([
    ['another secret', (h: string) => [h, body, 1000, 'other-secret-0123']],
    ['a changed body', (h: string) => [h, body.replace('ack', 'akc'), 1000, secret]],
    ['a stale timestamp', (h: string) => [h, body, 1000 + 301, secret]],
    ['a changed timestamp', (h: string) => [h.replace('t=1000', 't=1001'), body, 1000, secret]],
    ['a malformed header', () => ['v1=abc', body, 1000, secret]],
  ])('refuses %s', (_name, make) => {
    const [header, b, now, s] = make(signBody(secret, body, 1000)) as [string, string, number, string];
    expect(verifySignature(s, header, b, now)).toBe(false);
  });

  it('accepts any of several v1 values (secret rotation)', () => {
    const good = signBody(secret, body, 5).split('v1=')[1];
    expect(verifySignature(secret, `t=5,v1=${'0'.repeat(64)},v1=${good}`, body, 5)).toBe(true);
    expect(parseSignature('t=5,v1=zz')).toBeUndefined();
  });
});
