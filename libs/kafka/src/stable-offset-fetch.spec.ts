import {
  decodeStableOffsetFetch,
  stableOffsetFetchRequest,
  withStableOffsetFetch,
} from './stable-offset-fetch';
import { KafkajsEncoder, kafkajsRequests, RequestDefinitions } from './kafkajs-protocol';

const { lookup } = require('kafkajs/src/protocol/requests') as {
  lookup: (
    versions: Record<number, { minVersion: number; maxVersion: number }>,
  ) => (
    apiKey: number,
    definitions: RequestDefinitions,
  ) => (args: unknown) => { request: { apiVersion: number }; response: unknown };
};

const hex = (b: Buffer) => b.toString('hex');

describe('OffsetFetch v7 with require_stable', () => {
  it('encodes a flexible request: header tags, compact group and topics, require_stable = true', async () => {
    const request = stableOffsetFetchRequest({
      groupId: 'g',
      topics: [{ topic: 't', partitions: [{ partition: 2 }] }],
    });
    expect(request).toMatchObject({ apiKey: 9, apiVersion: 7, apiName: 'OffsetFetch' });
    const bytes = (await request.encode()).buffer;
    expect(hex(bytes)).toBe(
      [
        '00', // request header v2's tagged fields
        '02',
        '67', // group "g" (compact: length + 1)
        '02', // one topic
        '02',
        '74', // "t"
        '02',
        '00000002', // one partition: 2
        '00', // topic's tagged fields
        '01', // require_stable
        '00', // request's tagged fields
      ].join(''),
    );
  });

  it('encodes all topics (null) as a null compact array', async () => {
    const bytes = (await stableOffsetFetchRequest({ groupId: 'g', topics: null }).encode()).buffer;
    expect(hex(bytes)).toBe('000267000100');
  });

  function answer(partitionError: number, topError = 0): Buffer {
    return new KafkajsEncoder()
      .writeUVarInt(0) // response header v1's tagged fields
      .writeInt32(5) // throttle
      .writeUVarInt(2)
      .writeUVarIntString('t')
      .writeUVarInt(3)
      .writeInt32(0)
      .writeInt32(0)
      .writeInt32(9) // offset 9 (int64: high, low)
      .writeInt32(-1) // leader epoch
      .writeUVarIntString(null)
      .writeInt16(0)
      .writeUVarInt(0)
      .writeInt32(1)
      .writeInt32(-1)
      .writeInt32(-1) // offset -1: none committed
      .writeInt32(3)
      .writeUVarIntString('m')
      .writeInt16(partitionError)
      .writeUVarInt(0)
      .writeUVarInt(0) // topic's tagged fields
      .writeInt16(topError)
      .writeUVarInt(0).buffer;
  }

  it("decodes the answer into kafkajs' v4 shape", () => {
    expect(decodeStableOffsetFetch(answer(0))).toEqual({
      throttleTime: 0,
      clientSideThrottleTime: 5,
      errorCode: 0,
      responses: [
        {
          topic: 't',
          partitions: [
            { partition: 0, offset: '9', metadata: null, errorCode: 0 },
            { partition: 1, offset: '-1', metadata: 'm', errorCode: 0 },
          ],
        },
      ],
    });
  });

  const definitions = withStableOffsetFetch(kafkajsRequests.OffsetFetch);
  const choose = (maxVersion: number) =>
    lookup({ 9: { minVersion: 0, maxVersion } })(9, definitions)({ groupId: 'g', topics: [] });

  it("turns UNSTABLE_OFFSET_COMMIT into kafkajs' own retriable error", async () => {
    const { response } = choose(9) as unknown as {
      response: { decode: (b: Buffer) => Promise<unknown>; parse: (d: unknown) => Promise<unknown> };
    };
    const decoded = await response.decode(answer(88));
    await expect(response.parse(decoded)).rejects.toMatchObject({
      name: 'KafkaJSProtocolError',
      type: 'UNSTABLE_OFFSET_COMMIT',
      retriable: true,
    });
    await expect(response.parse(await response.decode(answer(0)))).resolves.toMatchObject({ errorCode: 0 });
  });

  it('asks a broker with v7 or later for v7, and one without it for the highest version kafkajs has', () => {
    expect(choose(9).request.apiVersion).toBe(7);
    expect(choose(7).request.apiVersion).toBe(7);
    expect(choose(6).request.apiVersion).toBe(4);
    expect(choose(5).request.apiVersion).toBe(4);
    expect(choose(4).request.apiVersion).toBe(4);
    expect(choose(3).request.apiVersion).toBe(3);
  });
});
