import {
  commitOffsetsAs,
  decodeFencedTxnOffsetCommit,
  fencedTxnOffsetCommitRequest,
  memberOf,
  noteGenerations,
  withFencedTxnOffsetCommit,
} from './group-fenced-offsets';
import { KafkajsEncoder, kafkajsRequests, RequestDefinitions } from './kafkajs-protocol';

const { lookup } = require('kafkajs/src/protocol/requests') as {
  lookup: (versions: Record<number, { minVersion: number; maxVersion: number }>) => (
    apiKey: number,
    definitions: RequestDefinitions,
  ) => (args: unknown) => {
    request: { apiVersion: number };
    response: { decode: (b: Buffer) => Promise<unknown>; parse: (d: unknown) => Promise<unknown> };
  };
};

const args = {
  transactionalId: 'x',
  groupId: 'g',
  producerId: '7',
  producerEpoch: 2,
  topics: [{ topic: 't', partitions: [{ partition: 1, offset: '9' }] }],
};

describe('TxnOffsetCommit v3 with the group generation (KIP-447)', () => {
  it("encodes a flexible request carrying the member's generation and id", async () => {
    const request = fencedTxnOffsetCommitRequest(args, { memberId: 'm', generationId: 4 });
    expect(request).toMatchObject({ apiKey: 28, apiVersion: 3, apiName: 'TxnOffsetCommit' });
    expect((await request.encode()).buffer.toString('hex')).toBe(
      [
        '00', // request header v2's tagged fields
        '0278', // transactional id "x" (compact: length + 1)
        '0267', // group "g"
        '0000000000000007', // producer id
        '0002', // producer epoch
        '00000004', // generation
        '026d', // member "m"
        '00', // group instance id: null
        '02', // one topic
        '0274', // "t"
        '02', // one partition
        '00000001', // partition 1
        '0000000000000009', // offset 9
        'ffffffff', // leader epoch unknown
        '00', // metadata: null
        '00', // partition's tagged fields
        '00', // topic's tagged fields
        '00', // request's tagged fields
      ].join(''),
    );
  });

  it('without a known member, checks no generation (-1, empty member id)', async () => {
    const hex = (await fencedTxnOffsetCommitRequest(args, undefined).encode()).buffer.toString('hex');
    expect(hex).toContain('0002' + 'ffffffff' + '01' + '00');
  });

  function answer(errorCode: number): Buffer {
    return new KafkajsEncoder()
      .writeUVarInt(0) // response header v1's tagged fields
      .writeInt32(0)
      .writeUVarInt(2)
      .writeUVarIntString('t')
      .writeUVarInt(2)
      .writeInt32(1)
      .writeInt16(errorCode)
      .writeUVarInt(0)
      .writeUVarInt(0)
      .writeUVarInt(0).buffer;
  }

  it("decodes the answer into kafkajs' shape", () => {
    expect(decodeFencedTxnOffsetCommit(answer(0))).toEqual({
      throttleTime: 0,
      topics: [{ topic: 't', partitions: [{ partition: 1, errorCode: 0 }] }],
    });
  });

  const definitions = withFencedTxnOffsetCommit(kafkajsRequests.TxnOffsetCommit);

  it('asks a broker that knows v3 with v3, and one that does not with kafkajs’ own highest', () => {
    const at = (maxVersion: number) =>
      lookup({ 28: { minVersion: 0, maxVersion } })(28, definitions)(args).request.apiVersion;
    expect(at(5)).toBe(3);
    expect(at(3)).toBe(3);
    expect(at(2)).toBe(1);
  });

  it('throws the error of a refused commit: an older generation (ILLEGAL_GENERATION) aborts the transaction', async () => {
    const { response } = lookup({ 28: { minVersion: 0, maxVersion: 5 } })(28, definitions)(args);
    await expect(response.parse(await response.decode(answer(22)))).rejects.toMatchObject({
      type: 'ILLEGAL_GENERATION',
    });
    await expect(response.parse(await response.decode(answer(0)))).resolves.toBeDefined();
  });

  it("learns each member's generation from its JoinGroup answers, and binds a transactional id to a member", async () => {
    const joinGroup = noteGenerations({
      versions: ['0'],
      protocol: () => () => ({
        request: {
          apiKey: 11,
          apiVersion: 0,
          apiName: 'JoinGroup',
          encode: async () => new KafkajsEncoder(),
        },
        response: {
          decode: async () => ({}),
          parse: async () => ({ errorCode: 0, memberId: 'member-a', generationId: 12 }),
        },
      }),
    } as unknown as RequestDefinitions);
    const { response } = (
      joinGroup.protocol({ version: 0 }) as unknown as (a: unknown) => {
        response: { parse: (d: unknown) => Promise<unknown> };
      }
    )({});
    await response.parse({});
    expect(memberOf('router-a')).toBeUndefined();
    commitOffsetsAs('router-a', 'member-a');
    expect(memberOf('router-a')).toEqual({ memberId: 'member-a', generationId: 12 });
  });
});
