import { ExchangeKeyring, exchangeClaims, newExchangeKey } from '@cx/evidence';
import type { EvidenceStore } from '@cx/persistence';
import { HeadSigner } from './head-signer';

/** The chain's last entry and the signed heads, in memory. */
class FakeEvidence {
  last?: { seq: number; hash: string };
  readonly heads = new Map<number, string>();

  async heads_() {
    return { last: this.last, signedSeq: Math.max(0, ...this.heads.keys()) };
  }
}

describe('HeadSigner', () => {
  it('signs the head once it has grown, and only then', async () => {
    const keyring = new ExchangeKeyring([await newExchangeKey(new Date())]);
    const fake = new FakeEvidence();
    const store = {
      heads: () => fake.heads_(),
      addHead: async (seq: number, jws: string) => void fake.heads.set(seq, jws),
    } as unknown as EvidenceStore;
    const signer = new HeadSigner(store, keyring);

    await signer.signNow();
    expect(fake.heads.size).toBe(0);
    fake.last = { seq: 4, hash: 'a'.repeat(64) };
    await signer.signNow();
    await signer.signNow();
    expect([...fake.heads.keys()]).toEqual([4]);
    expect(await exchangeClaims(fake.heads.get(4)!, keyring.jwks())).toMatchObject({
      claims: { seq: 4, hash: 'a'.repeat(64) },
    });
    fake.last = { seq: 9, hash: 'b'.repeat(64) };
    await signer.signNow();
    expect([...fake.heads.keys()]).toEqual([4, 9]);
  });

  it('signs every few seconds while the chain grows, sooner after 500 entries', async () => {
    const keyring = new ExchangeKeyring([await newExchangeKey(new Date())]);
    const fake = new FakeEvidence();
    const store = {
      heads: () => fake.heads_(),
      addHead: async (seq: number, jws: string) => void fake.heads.set(seq, jws),
    } as unknown as EvidenceStore;
    const signer = new HeadSigner(store, keyring);
    const t0 = 1_000_000;
    fake.last = { seq: 3, hash: 'a'.repeat(64) };
    await signer.signIfDue(t0);
    expect([...fake.heads.keys()]).toEqual([3]);
    fake.last = { seq: 10, hash: 'b'.repeat(64) };
    await signer.signIfDue(t0 + 4_999);
    expect([...fake.heads.keys()]).toEqual([3]);
    await signer.signIfDue(t0 + 5_000);
    expect([...fake.heads.keys()]).toEqual([3, 10]);
    fake.last = { seq: 510, hash: 'c'.repeat(64) };
    await signer.signIfDue(t0 + 5_001);
    expect([...fake.heads.keys()]).toEqual([3, 10, 510]);
    // Not grown: nothing to sign, however long it has been.
    await signer.signIfDue(t0 + 60_000);
    expect([...fake.heads.keys()]).toEqual([3, 10, 510]);
  });
});
