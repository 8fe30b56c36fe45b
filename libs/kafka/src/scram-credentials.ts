import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { Kafka } from 'kafkajs';

/**
 * Kafka's AlterUserScramCredentials (API key 51, KIP-554), which kafkajs does not implement: version 0, a flexible
 * request (compact strings and arrays, tagged fields). Encoded here and sent over a kafkajs broker connection, which
 * has already authenticated as the exchange's super user. The broker forwards it to the KRaft controller.
 */
export const ALTER_USER_SCRAM_CREDENTIALS = 51;

export type ScramMechanism = 'SCRAM-SHA-256' | 'SCRAM-SHA-512';
const MECHANISM_CODE: Record<ScramMechanism, number> = { 'SCRAM-SHA-256': 1, 'SCRAM-SHA-512': 2 };
const HASH: Record<ScramMechanism, { name: string; bytes: number }> = {
  'SCRAM-SHA-256': { name: 'sha256', bytes: 32 },
  'SCRAM-SHA-512': { name: 'sha512', bytes: 64 },
};
/** Kafka's minimum for SCRAM; what its own tools use. */
export const SCRAM_ITERATIONS = 4096;

export interface ScramUpsertion {
  user: string;
  mechanism: ScramMechanism;
  password: string;
  /** Fixed only in tests; random otherwise. */
  salt?: Buffer;
}
export interface ScramDeletion {
  user: string;
  mechanism: ScramMechanism;
}
export interface ScramResult {
  user: string;
  errorCode: number;
  errorMessage: string | null;
}

/** RFC 5802 Hi(): PBKDF2 with the mechanism's HMAC, as Kafka's ScramFormatter computes the salted password. */
export function saltedPassword(password: string, salt: Buffer, mechanism: ScramMechanism): Buffer {
  const { name, bytes } = HASH[mechanism];
  return pbkdf2Sync(Buffer.from(password, 'utf8'), salt, SCRAM_ITERATIONS, bytes, name);
}

function uvarint(n: number): Buffer {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return Buffer.from(out);
}

const compactBytes = (b: Buffer) => Buffer.concat([uvarint(b.length + 1), b]);
const compactString = (s: string) => compactBytes(Buffer.from(s, 'utf8'));
const compactArray = (items: Buffer[]) => Buffer.concat([uvarint(items.length + 1), ...items]);
const int8 = (n: number) => Buffer.from([n]);
const int32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};
const NO_TAGS = Buffer.from([0]);

/**
 * The request body, preceded by the empty tagged fields that end a version-2 request header: kafkajs writes a
 * version-1 header (api key, version, correlation id, client id), and version 2 is that plus tagged fields.
 */
export function encodeAlterScram(deletions: ScramDeletion[], upsertions: ScramUpsertion[]): Buffer {
  return Buffer.concat([
    NO_TAGS,
    compactArray(
      deletions.map((d) =>
        Buffer.concat([compactString(d.user), int8(MECHANISM_CODE[d.mechanism]), NO_TAGS]),
      ),
    ),
    compactArray(
      upsertions.map((u) => {
        const salt = u.salt ?? randomBytes(32);
        return Buffer.concat([
          compactString(u.user),
          int8(MECHANISM_CODE[u.mechanism]),
          int32(SCRAM_ITERATIONS),
          compactBytes(salt),
          compactBytes(saltedPassword(u.password, salt, u.mechanism)),
          NO_TAGS,
        ]);
      }),
    ),
    NO_TAGS,
  ]);
}

class Reader {
  private at = 0;
  constructor(private readonly buf: Buffer) {}
  uvarint(): number {
    let n = 0;
    for (let shift = 0; ; shift += 7) {
      const b = this.buf[this.at++];
      if (b === undefined) throw new Error('AlterUserScramCredentials response ends early');
      n |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) return n >>> 0;
    }
  }
  int16(): number {
    const v = this.buf.readInt16BE(this.at);
    this.at += 2;
    return v;
  }
  int32(): number {
    const v = this.buf.readInt32BE(this.at);
    this.at += 4;
    return v;
  }
  nullableString(): string | null {
    const n = this.uvarint();
    if (n === 0) return null;
    const s = this.buf.toString('utf8', this.at, this.at + n - 1);
    this.at += n - 1;
    return s;
  }
  skipTags(): void {
    for (let count = this.uvarint(); count > 0; count--) {
      this.uvarint();
      this.at += this.uvarint();
    }
  }
}

/** The response body after the correlation id: a version-1 response header's tagged fields, then the results. */
export function decodeAlterScram(payload: Buffer): ScramResult[] {
  const r = new Reader(payload);
  r.skipTags();
  r.int32(); // throttle time
  const results: ScramResult[] = [];
  for (let n = r.uvarint() - 1; n > 0; n--) {
    const user = r.nullableString() ?? '';
    const errorCode = r.int16();
    const errorMessage = r.nullableString();
    r.skipTags();
    results.push({ user, errorCode, errorMessage });
  }
  return results;
}

/** What kafkajs' connection expects of a request's encode(): an object with its bytes in `buf` and `buffer`. */
const encoded = (b: Buffer) => ({ buf: b, buffer: b });

interface KafkajsBroker {
  connectionPool: { send(protocol: unknown): Promise<unknown> };
}
interface KafkajsCluster {
  connect(): Promise<void>;
  refreshMetadata(): Promise<void>;
  findControllerBroker(): Promise<KafkajsBroker>;
  disconnect(): Promise<void>;
}

/**
 * The kafkajs cluster behind a client (the one its admin() would use): its private factory, found by description
 * because kafkajs keeps it under a Symbol. kafkajs is pinned (2.2.4); a test covers this against the real broker.
 */
function clusterOf(kafka: Kafka): KafkajsCluster {
  const key = Object.getOwnPropertySymbols(kafka).find(
    (s) => s.description === 'private:Kafka:createCluster',
  );
  if (!key) throw new Error('this kafkajs version has no private:Kafka:createCluster');
  const create = (kafka as unknown as Record<symbol, (o: object) => KafkajsCluster>)[key];
  return create({});
}

/** Thrown when the broker refused a credential change; `code` is Kafka's error code. */
export class ScramCredentialError extends Error {
  override readonly name = 'ScramCredentialError';
  constructor(
    readonly user: string,
    readonly code: number,
    message: string | null,
  ) {
    super(`SCRAM credential of ${user}: Kafka error ${code}${message ? ` (${message})` : ''}`);
  }
}

/** Kafka's RESOURCE_NOT_FOUND: deleting a credential that does not exist. */
const RESOURCE_NOT_FOUND = 91;

/**
 * Creates, replaces and deletes SCRAM credentials on the cluster of a kafkajs client (which must be allowed to). Each
 * change is one request, in order, over one connection: Kafka refuses two changes of one user in the same request.
 */
export async function alterScramCredentials(
  kafka: Kafka,
  changes: Array<{ deletions?: ScramDeletion[]; upsertions?: ScramUpsertion[] }>,
  requestTimeout = 30_000,
): Promise<void> {
  const cluster = clusterOf(kafka);
  try {
    await cluster.connect();
    await cluster.refreshMetadata();
    const broker = await cluster.findControllerBroker();
    for (const change of changes) {
      const body = encodeAlterScram(change.deletions ?? [], change.upsertions ?? []);
      const results = (await broker.connectionPool.send({
        request: {
          apiKey: ALTER_USER_SCRAM_CREDENTIALS,
          apiVersion: 0,
          apiName: 'AlterUserScramCredentials',
          encode: async () => encoded(body),
        },
        response: {
          decode: async (payload: Buffer) => decodeAlterScram(payload),
          parse: async (results: ScramResult[]) => results,
        },
        requestTimeout,
      })) as ScramResult[];
      const failed = results.find((r) => r.errorCode !== 0 && r.errorCode !== RESOURCE_NOT_FOUND);
      if (failed) throw new ScramCredentialError(failed.user, failed.errorCode, failed.errorMessage);
    }
  } finally {
    await cluster.disconnect().catch(() => undefined);
  }
}
