import { createHash, pbkdf2Sync } from 'node:crypto';
import { decodeAlterScram, encodeAlterScram, saltedPassword, SCRAM_ITERATIONS } from './scram-credentials';

describe('AlterUserScramCredentials v0', () => {
  const salt = Buffer.alloc(4, 7);

  it('encodes a deletion and an upsertion in the flexible format, after the header tagged fields', () => {
    const body = encodeAlterScram(
      [{ user: 'AB', mechanism: 'SCRAM-SHA-256' }],
      [{ user: 'C', mechanism: 'SCRAM-SHA-512', password: 'pw', salt }],
    );
    const salted = pbkdf2Sync('pw', salt, SCRAM_ITERATIONS, 64, 'sha512');
    const expected = Buffer.concat([
      Buffer.from([0]), // request header v2: no tagged fields
      Buffer.from([2, 3, 0x41, 0x42, 1, 0]), // deletions: one; name "AB"; SCRAM-SHA-256; no tags
      Buffer.from([2, 2, 0x43, 2, 0, 0, 0x10, 0x00]), // upsertions: one; name "C"; SCRAM-SHA-512; 4096 iterations
      Buffer.from([5]),
      salt,
      Buffer.from([65]),
      salted,
      Buffer.from([0]), // upsertion's tags
      Buffer.from([0]), // request's tags
    ]);
    expect(body.toString('hex')).toBe(expected.toString('hex'));
  });

  it('salts the password as RFC 5802 Hi() with the mechanism’s hash', () => {
    expect(saltedPassword('pw', salt, 'SCRAM-SHA-256')).toHaveLength(32);
    expect(saltedPassword('pw', salt, 'SCRAM-SHA-512')).toEqual(pbkdf2Sync('pw', salt, 4096, 64, 'sha512'));
    expect(
      createHash('sha256')
        .update(saltedPassword('pw', salt, 'SCRAM-SHA-256'))
        .digest('hex'),
    ).not.toBe(
      createHash('sha256')
        .update(saltedPassword('px', salt, 'SCRAM-SHA-256'))
        .digest('hex'),
    );
  });

  it('decodes the results after the response header tagged fields', () => {
    const payload = Buffer.concat([
      Buffer.from([0]), // response header v1 tags
      Buffer.from([0, 0, 0, 0]), // throttle
      Buffer.from([3]), // two results
      Buffer.from([3, 0x41, 0x42, 0, 0, 0, 0]), // "AB", no error, null message, no tags
      Buffer.from([2, 0x43, 0, 92, 4, 0x62, 0x61, 0x64, 0]), // "C", error 92, "bad", no tags
      Buffer.from([0]),
    ]);
    expect(decodeAlterScram(payload)).toEqual([
      { user: 'AB', errorCode: 0, errorMessage: null },
      { user: 'C', errorCode: 92, errorMessage: 'bad' },
    ]);
  });
});
