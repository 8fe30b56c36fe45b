/**
 * kafkajs' CRC-32C as patched by patches/kafkajs/crc32C.js (eight bytes a step): the same checksum as the bitwise
 * definition (reflected polynomial 0x82F63B78) for every length and alignment, and the standard check value.
 */
import { randomBytes } from 'node:crypto';

const crc32C = require('kafkajs/src/protocol/recordBatch/crc32C/crc32C') as (buf: Buffer) => number;

/** CRC-32C one bit at a time, straight from its definition. */
function reference(buf: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of buf) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

describe('the patched kafkajs CRC-32C', () => {
  it('gives the standard check value', () => {
    expect(crc32C(Buffer.from('123456789')).toString(16)).toBe('e3069283');
    expect(crc32C(Buffer.alloc(0))).toBe(0);
  });

  it('agrees with the bitwise definition at every length up to 100 bytes and at any offset', () => {
    const data = randomBytes(4200);
    for (let length = 0; length <= 100; length++) {
      const offset = length % 8;
      const slice = data.subarray(offset, offset + length);
      expect(crc32C(slice)).toBe(reference(slice));
    }
    expect(crc32C(data.subarray(3))).toBe(reference(data.subarray(3)));
  });
});
