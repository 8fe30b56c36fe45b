// The few kafkajs 2.2.4 internals this project builds on, typed here once. kafkajs exposes no API to add a request
// version; its request table is a plain object that every broker connection reads at call time.

/** kafkajs' growable buffer writer (src/protocol/encoder.js). */
export interface KafkaEncoder {
  writeInt16(value: number): KafkaEncoder;
  writeInt32(value: number): KafkaEncoder;
  writeInt64(value: string | number): KafkaEncoder;
  writeBoolean(value: boolean): KafkaEncoder;
  writeUVarInt(value: number): KafkaEncoder;
  writeUVarIntString(value: string | null): KafkaEncoder;
  writeEncoder(value: KafkaEncoder): KafkaEncoder;
  buffer: Buffer;
}

/** kafkajs' reader (src/protocol/decoder.js). */
export interface KafkaDecoder {
  readInt16(): number;
  readInt32(): number;
  readInt64(): { toString(): string };
  readUVarInt(): number;
  readUVarIntString(): string | null;
  readUVarIntArray<T>(reader: (d: KafkaDecoder) => T): T[] | null;
  readTaggedFields(): unknown;
}

export interface KafkaRequest {
  apiKey: number;
  apiVersion: number;
  apiName: string;
  encode: () => Promise<KafkaEncoder>;
}

export interface KafkaResponse<T> {
  decode: (raw: Buffer) => Promise<T>;
  parse: (decoded: T) => Promise<T>;
}

/** One entry of kafkajs' request table: the versions it implements and each version's request and response. */
export interface RequestDefinitions {
  versions: string[];
  protocol: (opts: {
    version: number;
  }) => (args: never) => { request: KafkaRequest; response: KafkaResponse<unknown> };
}

export const kafkajsRequests = (
  require('kafkajs/src/protocol/requests') as { requests: Record<string, RequestDefinitions> }
).requests;
export const KafkajsEncoder = require('kafkajs/src/protocol/encoder') as new () => KafkaEncoder;
export const KafkajsDecoder = require('kafkajs/src/protocol/decoder') as new (buffer: Buffer) => KafkaDecoder;

/**
 * `original` with `version` added over kafkajs' own: kafkajs asks for min(that version, the broker's highest); a broker
 * below it gets the highest of kafkajs' own versions (kafkajs assumes it implements every version up to its highest).
 */
export function withAddedVersion<A, T>(
  original: RequestDefinitions,
  version: number,
  make: (args: A) => { request: KafkaRequest; response: KafkaResponse<T> },
): RequestDefinitions {
  const own = Math.max(...original.versions.map(Number));
  return {
    versions: [...original.versions, String(version)],
    protocol: (opts) =>
      opts.version >= version
        ? (make as ReturnType<RequestDefinitions['protocol']>)
        : original.protocol({ version: Math.min(opts.version, own) }),
  };
}
