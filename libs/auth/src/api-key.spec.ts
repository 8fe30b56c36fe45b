import { decoyHash, hashSecret, issueApiKey, parseApiKey, tokensEqual, verifySecret } from './api-key';
import { RefusedKeys, VerifiedKeys } from './verified-keys';

describe('API keys', () => {
  it('issues a key that parses back to its id and verifies against its stored hash only', async () => {
    const issued = await issueApiKey();
    const parsed = parseApiKey(issued.apiKey)!;
    expect(parsed.keyId).toBe(issued.keyId);
    expect(issued.secretHash).not.toContain(parsed.secret);
    expect(await verifySecret(parsed.secret, issued.secretHash)).toBe(true);
    const altered = parsed.secret.slice(0, -1) + (parsed.secret.endsWith('A') ? 'B' : 'A');
    expect(await verifySecret(altered, issued.secretHash)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashSecret('same')).not.toBe(await hashSecret('same'));
  });

  it.each(['', 'Bearer x', 'cx_abc_def', `cx_${'0'.repeat(32)}_short`])(
    'refuses the malformed key %j',
    (key) => {
      expect(parseApiKey(key)).toBeUndefined();
    },
  );

  it('compares tokens exactly', () => {
    expect(tokensEqual('a-token', 'a-token')).toBe(true);
    expect(tokensEqual('a-token', 'a-tokeN')).toBe(false);
    expect(tokensEqual('a', 'a-token')).toBe(false);
  });
});

describe('VerifiedKeys', () => {
  it('remembers a verified key until it expires or is revoked', () => {
    let now = 0;
    const cache = new VerifiedKeys(1000, 10, () => now);
    cache.remember('cx_key1', 'k1', 'KZ-RAIL-KTZ');
    expect(cache.get('cx_key1')).toMatchObject({ keyId: 'k1', participantId: 'KZ-RAIL-KTZ' });
    now = 1000;
    expect(cache.get('cx_key1')).toBeUndefined();
    cache.remember('cx_key1', 'k1', 'KZ-RAIL-KTZ');
    cache.forget('k1');
    expect(cache.get('cx_key1')).toBeUndefined();
  });

  it('stays within its bound', () => {
    const cache = new VerifiedKeys(1000, 2, () => 0);
    cache.remember('a', 'ka', 'A');
    cache.remember('b', 'kb', 'B');
    cache.remember('c', 'kc', 'C');
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('c')).toBeDefined();
  });
});

describe('RefusedKeys', () => {
  it('remembers a refused key until it expires', () => {
    let now = 0;
    const refused = new RefusedKeys(1000, 10, () => now);
    refused.remember('cx_bad');
    expect(refused.has('cx_bad')).toBe(true);
    expect(refused.has('cx_other')).toBe(false);
    now = 1000;
    expect(refused.has('cx_bad')).toBe(false);
  });
});

describe('decoyHash', () => {
  it('is a hash no secret verifies against', async () => {
    expect(await verifySecret('anything', await decoyHash())).toBe(false);
    expect(await decoyHash()).toBe(await decoyHash());
  });
});
