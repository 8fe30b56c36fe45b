import { createHash } from 'node:crypto';
import { edifactEnvelopeId, type EdifactIdKey } from './envelope-id';

const KEY: EdifactIdKey = { secret: Buffer.alloc(32, 7), participant: 'GE-PORT-POTI' };
const POTI = { id: 'GE-PORT-POTI', qualifier: 'ZZZ' };

/** The id this library derived before ids were keyed: a UUID v5 of public values only. */
function publicV5(sender: { id: string; qualifier?: string }, interchange: string, message: string) {
  const ns = Buffer.from('5b0c8f2e3c1d4e559a6f8d2b7e41c0a9', 'hex');
  const name = [sender.id, sender.qualifier ?? '', interchange, message].join('\u001f');
  const h = createHash('sha1').update(ns).update(name).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

describe('edifactEnvelopeId', () => {
  const id = edifactEnvelopeId(KEY, POTI, 'PTI000451', '1');

  it('is a version 8 UUID, the same for the same interchange and message', () => {
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(edifactEnvelopeId({ ...KEY }, { ...POTI }, 'PTI000451', '1')).toBe(id);
  });

  it.each([
    [KEY, { id: 'GE-PORT-BATUMI', qualifier: 'ZZZ' }, 'PTI000451', '1'],
    [KEY, { id: 'GE-PORT-POTI' }, 'PTI000451', '1'],
    [KEY, POTI, 'PTI000452', '1'],
    [KEY, POTI, 'PTI000451', '2'],
    [KEY, POTI, 'PTI00045', '11'],
    [{ ...KEY, participant: 'AZ-PORT-BAKU' }, POTI, 'PTI000451', '1'],
    [{ ...KEY, secret: Buffer.alloc(32, 8) }, POTI, 'PTI000451', '1'],
  ])('differs for another key, participant, sender, interchange or message (%#)', (k, s, i, m) => {
    expect(edifactEnvelopeId(k, s, i, m)).not.toBe(id);
  });

  it('is not the id anyone could compute from the public values', () => {
    expect(id).not.toBe(publicV5(POTI, 'PTI000451', '1'));
  });
});
