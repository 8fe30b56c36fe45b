/**
 * kafkajs' Encoder as patched by patches/kafkajs/encoder.js (put over kafkajs by npm's postinstall): the same bytes
 * as kafkajs 2.2.4's own file, with buffers from Buffer.allocUnsafe and varints written in place. The golden digest
 * below is of what the original file encoded for `sample()`; memory left dirty by earlier allocations must never show.
 */
import { createHash } from 'node:crypto';

interface Encoder {
  writeVarInt(v: number): Encoder;
  writeUVarInt(v: number): Encoder;
  writeVarLong(v: number | string): Encoder;
  writeVarIntString(v: string): Encoder;
  writeVarIntBytes(v: string | Buffer | null): Encoder;
  writeInt8(v: number): Encoder;
  writeInt16(v: number): Encoder;
  writeInt32(v: number): Encoder;
  writeInt64(v: string): Encoder;
  writeString(v: string): Encoder;
  writeBytes(v: string): Encoder;
  writeVarIntArray(v: Encoder[]): Encoder;
  buffer: Buffer;
}
const Encoder = require('kafkajs/src/protocol/encoder') as new (initialSize?: number) => Encoder;
const Decoder = require('kafkajs/src/protocol/decoder') as new (buf: Buffer) => {
  readVarInt(): number;
  readVarLong(): { toString(): string };
};

/** Varints of every length and sign, strings and bytes that make the buffer grow, headers as records carry them. */
function sample(): Buffer {
  return new Encoder()
    .writeVarInt(0)
    .writeVarInt(1)
    .writeVarInt(-1)
    .writeVarInt(63)
    .writeVarInt(-64)
    .writeVarInt(300)
    .writeVarInt(2147483647)
    .writeVarInt(-2147483648)
    .writeUVarInt(4294967295)
    .writeVarLong(0)
    .writeVarLong(-1)
    .writeVarLong('1733600000000')
    .writeVarLong('-9223372036854775808')
    .writeVarLong('9223372036854775807')
    .writeVarIntString('cé_ïd')
    .writeVarIntBytes(null)
    .writeVarIntBytes('ключ')
    .writeVarIntBytes(Buffer.from([1, 2, 3]))
    .writeInt8(-5)
    .writeInt16(-300)
    .writeInt32(123456789)
    .writeInt64('-42')
    .writeString('kafka')
    .writeBytes('v'.repeat(700))
    .writeVarIntArray([new Encoder().writeVarIntString('k').writeVarIntBytes('v')]).buffer;
}

/** SHA-256 of the lowercase hex of what kafkajs 2.2.4's own encoder.js wrote for `sample()` (1,606 hex digits). */
const ORIGINAL = '6add7cb58c3817f3ed8a7f40b2adeb5428412cc7613c125fb9e300bea7bd838d';

const digestOfHex = (buf: Buffer) =>
  createHash('sha256')
    .update(`${buf.toString('hex')}\n`)
    .digest('hex');

describe('the patched kafkajs Encoder', () => {
  it('writes exactly the bytes kafkajs 2.2.4 wrote', () => {
    expect(digestOfHex(sample())).toBe(ORIGINAL);
  });

  it('writes varints in place: zigzag LEB128 as Kafka reads them', () => {
    const bytes = new Encoder()
      .writeVarInt(0)
      .writeVarInt(-1)
      .writeVarInt(300)
      .writeVarInt(-2147483648).buffer;
    expect(bytes.toString('hex')).toBe('0001d804ffffffff0f');
    const d = new Decoder(new Encoder().writeVarInt(-123456).writeVarLong('1733600000000').buffer);
    expect(d.readVarInt()).toBe(-123456);
    expect(d.readVarLong().toString()).toBe('1733600000000');
  });

  it('never lets dirty memory of earlier allocations into what it writes', () => {
    // Buffer.allocUnsafe hands out pooled memory as it was left: fill the pool with garbage first.
    for (let i = 0; i < 2000; i++) Buffer.allocUnsafe(1 + (i % 3000)).fill(0xaa);
    for (let i = 0; i < 20; i++) expect(digestOfHex(sample())).toBe(ORIGINAL);
  });
});
