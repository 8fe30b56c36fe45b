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
});
