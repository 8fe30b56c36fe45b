import * as net from 'node:net';
import { reset } from './tcp-proxy';

/** Kafka API keys the tests intercept or watch (Kafka's protocol guide). */
export const KafkaApi = {
  Produce: 0,
  OffsetFetch: 9,
  InitProducerId: 22,
  AddPartitionsToTxn: 24,
  AddOffsetsToTxn: 25,
  EndTxn: 26,
  TxnOffsetCommit: 28,
} as const;

/**
 * What happens to an intercepted request, each a way a transaction's outcome becomes unknown to its client:
 * - `applied`: the broker gets it and answers, but the client's connection is reset before the answer reaches it;
 * - `lost`: the client's connection is reset and the broker never gets the request;
 * - `late`: the client's connection is reset, the request is held and reaches the broker only when `release()` is
 *   called (on the same, still authenticated, broker connection), as a request delayed in the network would.
 */
export type Interception = 'applied' | 'lost' | 'late';

export interface InterceptRule {
  clientId: RegExp;
  api: number;
  /** Further condition on the request's body (after the header), e.g. only a commit, not an abort. */
  body?: (body: Buffer, apiVersion: number) => boolean;
  action: Interception;
}

export interface Intercepted {
  apiVersion: number;
  /** When it was intercepted (ms since the epoch). */
  at: number;
  /** Where the traffic stood then: to wait (`waitFor`) for what the client does after the interception. */
  seq: number;
  /** `late` only: sends the held request to the broker and resolves with its answer's error code (0: done). */
  release(): Promise<number>;
}

/** A request or a response that went through, for tests that wait for one (`waitFor`). */
export interface Exchanged {
  seq: number;
  clientId: string;
  api: number;
  direction: 'request' | 'response';
}

interface Frame {
  size: number;
  bytes: Buffer;
}

const MAX_FRAME_BYTES = 64 * 1024 * 1024;

/** Splits a stream of size-prefixed Kafka frames. */
class FrameReader {
  private buffered = Buffer.alloc(0);
  push(chunk: Buffer): Frame[] {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    const frames: Frame[] = [];
    while (this.buffered.length >= 4) {
      const size = this.buffered.readInt32BE(0);
      // Not Kafka's framing (a stray client on this port): refuse rather than loop on a size that makes no sense.
      if (size < 0 || size > MAX_FRAME_BYTES) throw new Error(`not a Kafka frame (size ${size})`);
      if (this.buffered.length < 4 + size) break;
      frames.push({ size, bytes: this.buffered.subarray(0, 4 + size) });
      this.buffered = this.buffered.subarray(4 + size);
    }
    return frames;
  }
}

interface RequestHeader {
  api: number;
  apiVersion: number;
  correlationId: number;
  clientId: string;
  /** Offset of the body in the frame (request header v1: no tagged fields; the tests intercept none above v1). */
  bodyAt: number;
}

function requestHeader(frame: Buffer): RequestHeader {
  const clientIdLength = frame.readInt16BE(12);
  const clientId = clientIdLength < 0 ? '' : frame.toString('utf8', 14, 14 + clientIdLength);
  return {
    api: frame.readInt16BE(4),
    apiVersion: frame.readInt16BE(6),
    correlationId: frame.readInt32BE(8),
    clientId,
    bodyAt: 14 + Math.max(0, clientIdLength),
  };
}

/** The `committed` flag of an EndTxn request body (v0–v2: transactional id, producer id, epoch, committed). */
export function endTxnCommits(body: Buffer): boolean {
  const idLength = body.readInt16BE(0);
  return body.readInt8(2 + idLength + 8 + 2) === 1;
}

/**
 * A TCP proxy that understands Kafka's framing, for a broker listener whose advertised address is the proxy: every
 * connection of the clients it bootstraps goes through it. A test arms it to intercept one request of a client at
 * the moment that matters (the commit of a transaction, say) and to make that request's outcome ambiguous.
 */
export class KafkaProxy {
  private readonly sockets = new Set<net.Socket>();
  private armed?: { rule: InterceptRule; resolve: (i: Intercepted) => void };
  private seq = 0;
  private readonly log: Exchanged[] = [];
  private readonly listeners = new Set<() => void>();

  private constructor(
    private readonly server: net.Server,
    readonly port: number,
  ) {}

  /** Listens on `port` (0: any free port) and forwards to the broker listener at `target`. */
  static async start(port: number, target: { host: string; port: number }): Promise<KafkaProxy> {
    const holder: { proxy?: KafkaProxy } = {};
    const server = net.createServer((client) => holder.proxy!.accept(client, target));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    holder.proxy = new KafkaProxy(server, (server.address() as net.AddressInfo).port);
    return holder.proxy;
  }

  /** Resolves with the next request that matches `rule`, once it has been dealt with as the rule says. */
  intercept(rule: InterceptRule): Promise<Intercepted> {
    if (this.armed) throw new Error('the proxy is already armed');
    return new Promise((resolve) => (this.armed = { rule, resolve }));
  }

  /** Resolves once a request or response matching `what` went through after `since` (an interception's `seq`). */
  waitFor(
    what: { clientId: RegExp; api: number; direction: Exchanged['direction'] },
    since: number,
  ): Promise<void> {
    const found = () =>
      this.log.some(
        (e) =>
          e.seq >= since &&
          e.api === what.api &&
          e.direction === what.direction &&
          what.clientId.test(e.clientId),
      );
    return new Promise((resolve) => {
      if (found()) return resolve();
      const check = () => {
        if (!found()) return;
        this.listeners.delete(check);
        resolve();
      };
      this.listeners.add(check);
    });
  }

  private record(e: Omit<Exchanged, 'seq'>): void {
    // Only the call tests wait for is kept: a long test must not hoard every fetch.
    if (e.api !== KafkaApi.OffsetFetch) {
      this.seq++;
      return;
    }
    this.log.push({ ...e, seq: this.seq++ });
    for (const l of [...this.listeners]) l();
  }

  private accept(client: net.Socket, target: { host: string; port: number }): void {
    const upstream = net.connect(target.port, target.host);
    for (const s of [client, upstream]) {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
      s.on('error', () => undefined);
    }
    const pending = new Map<number, RequestHeader>();
    const cutOnAnswer = new Set<number>();
    let detached = false;
    const cutClient = () => {
      detached = true;
      reset(client);
    };
    client.on('close', () => {
      if (!detached) upstream.destroy();
    });
    upstream.on('close', () => client.destroy());

    const fromClient = new FrameReader();
    const framesOf = (reader: FrameReader, chunk: Buffer) => {
      try {
        return reader.push(chunk);
      } catch {
        cutClient();
        upstream.destroy();
        return [];
      }
    };
    client.on('data', (chunk: Buffer) => {
      if (detached) return;
      for (const { bytes } of framesOf(fromClient, chunk)) {
        const header = bytes.length >= 14 ? requestHeader(bytes) : undefined;
        if (!header) {
          upstream.write(bytes); // not a request with a header: nothing to watch
          continue;
        }
        this.record({ clientId: header.clientId, api: header.api, direction: 'request' });
        const armed = this.armed;
        if (armed && this.matches(armed.rule, header, bytes)) {
          this.armed = undefined;
          this.handle(armed, header, bytes, { upstream, cutClient, cutOnAnswer });
          if (detached) return;
          continue;
        }
        pending.set(header.correlationId, header);
        upstream.write(bytes);
      }
    });

    const fromBroker = new FrameReader();
    upstream.on('data', (chunk: Buffer) => {
      if (detached) return;
      for (const { bytes } of framesOf(fromBroker, chunk)) {
        const correlationId = bytes.readInt32BE(4);
        const request = pending.get(correlationId);
        pending.delete(correlationId);
        if (cutOnAnswer.has(correlationId)) {
          cutClient();
          upstream.destroy();
          return;
        }
        client.write(bytes);
        if (request) this.record({ clientId: request.clientId, api: request.api, direction: 'response' });
      }
    });
  }

  private matches(rule: InterceptRule, header: RequestHeader, frame: Buffer): boolean {
    if (header.api !== rule.api || !rule.clientId.test(header.clientId)) return false;
    return !rule.body || rule.body(frame.subarray(header.bodyAt), header.apiVersion);
  }

  private handle(
    armed: { rule: InterceptRule; resolve: (i: Intercepted) => void },
    header: RequestHeader,
    frame: Buffer,
    c: { upstream: net.Socket; cutClient: () => void; cutOnAnswer: Set<number> },
  ): void {
    const at = Date.now();
    const seq = this.seq;
    const noRelease = () =>
      Promise.reject(new Error(`nothing to release: the request was ${armed.rule.action}`));
    switch (armed.rule.action) {
      case 'applied':
        c.cutOnAnswer.add(header.correlationId);
        c.upstream.write(frame);
        armed.resolve({ apiVersion: header.apiVersion, at, seq, release: noRelease });
        return;
      case 'lost':
        c.cutClient();
        c.upstream.destroy();
        armed.resolve({ apiVersion: header.apiVersion, at, seq, release: noRelease });
        return;
      case 'late': {
        c.cutClient();
        const upstream = c.upstream;
        upstream.removeAllListeners('data');
        upstream.removeAllListeners('close');
        armed.resolve({
          apiVersion: header.apiVersion,
          at,
          seq,
          release: () => sendAlone(upstream, frame),
        });
      }
    }
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Sends one held request on its broker connection and resolves with the error code of the answer. */
function sendAlone(upstream: net.Socket, frame: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const reader = new FrameReader();
    upstream.on('data', (chunk: Buffer) => {
      let answer: Frame | undefined;
      try {
        [answer] = reader.push(chunk);
      } catch (err) {
        upstream.destroy();
        return reject(err as Error);
      }
      if (!answer) return;
      upstream.destroy();
      // Response header v0 (correlation id), then throttle time, then the error code (EndTxn v0–v2 and the like).
      resolve(answer.bytes.readInt16BE(4 + 4 + 4));
    });
    upstream.once('close', () => reject(new Error('the broker closed the connection before answering')));
    upstream.write(frame);
  });
}
