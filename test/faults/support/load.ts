import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Producer, SASLOptions } from 'kafkajs';
import { Envelope } from '../../support/corridor';
import { Exchange } from '../../support/exchange';
import { testKafka } from '../../support/kafka-client';

/** What a sender saw: each message once acknowledged, in the order its consignment's messages were acknowledged. */
export interface LoadCounts {
  /** Distinct messages created. */
  sent: number;
  /** Messages acknowledged: 202 or 200 from the gateway, or a resolved send (acks=all) to cx.inbound.<sender>. */
  acknowledged: number;
  /** Answers 503 (or per-item 503 in a batch): nothing stored, the sender retries the same message later. */
  unavailable: number;
  /** Requests that failed without an HTTP answer, or Kafka sends that threw; retried too. */
  failedAttempts: number;
  /** Any other answer: a fault must never produce one (a 500, a 202 for an item later lost, ...). */
  unexpected: string[];
}

export interface LoadOptions {
  httpSenders: number;
  kafkaSenders: number;
  /** Messages per batch, each of its own consignment. */
  batch: number;
  pauseMs: number;
  /** The gateways the HTTP senders take turns at, one request each (default: the exchange's). */
  gateways?: string[];
}

const DEFAULTS: LoadOptions = { httpSenders: 2, kafkaSenders: 1, batch: 10, pauseMs: 40 };

interface Channel {
  name: string;
  /** Sends the messages; per message: 'ack' | 'retry' | an unexpected outcome's description. */
  send(messages: Envelope[]): Promise<Array<'ack' | 'retry' | string>>;
}

/**
 * Load for the fault suite: several senders, each owning its own consignments and sending their messages strictly
 * one batch after another. A batch that is not acknowledged is sent again, same ids, before anything new, so each
 * consignment's acknowledged order is the order its recipients must see. Runs until `stop()`; then finishes what is
 * pending (retrying until acknowledged, for up to `drainMs`).
 */
export class FaultLoad {
  readonly counts: LoadCounts = {
    sent: 0,
    acknowledged: 0,
    unavailable: 0,
    failedAttempts: 0,
    unexpected: [],
  };
  /** Acknowledged ids per consignmentRef, in acknowledgment order. */
  readonly acked = new Map<string, string[]>();
  /** Ids sent more than once (not acknowledged at the first attempt). */
  readonly retried = new Set<string>();
  private running = true;
  /** After stop(): until when unacknowledged messages are still retried. */
  private drainDeadline = Infinity;
  private loops: Promise<void>[] = [];
  private producer?: Producer;

  constructor(
    private readonly x: Exchange,
    private readonly template: Envelope,
    private readonly key: string,
    private readonly tag: string,
    /** The operator's own Kafka credential and inbound topic (cx.inbound.<sender>). */
    private readonly operator: { sasl: SASLOptions; topic: string },
    options: Partial<LoadOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.gateways = this.options.gateways ?? [x.gatewayUrl];
  }

  private readonly options: LoadOptions;
  private readonly gateways: string[];
  /** Requests made: the next one goes to the gateway after the last one's. */
  private requests = 0;

  async start(): Promise<void> {
    const kafka = testKafka(`cx-fault-load-${this.tag}`, {
      brokers: this.x.env.KAFKA_BROKERS!.split(','),
      sasl: this.operator.sasl,
      retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1000 },
    });
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await this.producer.connect();
    const channels: Channel[] = [
      ...Array.from({ length: this.options.httpSenders }, (_, i) => this.http(`http-${i}`)),
      ...Array.from({ length: this.options.kafkaSenders }, (_, i) => this.direct(`kafka-${i}`)),
    ];
    this.loops = channels.map((c) => this.loop(c));
  }

  /** Ids of every acknowledged message. */
  ackedIds(): string[] {
    return [...this.acked.values()].flat();
  }

  async stop(drainMs = 120_000): Promise<void> {
    this.running = false;
    this.drainDeadline = Date.now() + drainMs;
    await Promise.all(this.loops);
    await this.producer?.disconnect().catch(() => undefined);
  }

  private async loop(channel: Channel): Promise<void> {
    const refs = Array.from({ length: this.options.batch }, (_, i) =>
      `FAULT-${this.tag}-${channel.name}-${i}`.toUpperCase(),
    );
    let pending: Envelope[] = [];
    while (this.running || (pending.length > 0 && Date.now() < this.drainDeadline)) {
      if (pending.length === 0) {
        if (!this.running) break;
        pending = refs.map((consignmentRef) => ({ ...this.template, id: randomUUID(), consignmentRef }));
        this.counts.sent += pending.length;
      }
      const outcomes = await channel.send(pending);
      const retry: Envelope[] = [];
      pending.forEach((m, i) => {
        const outcome = outcomes[i];
        if (outcome === 'ack') {
          this.counts.acknowledged += 1;
          this.acked.set(m.consignmentRef, [...(this.acked.get(m.consignmentRef) ?? []), m.id]);
        } else if (outcome === 'retry') {
          retry.push(m);
          this.retried.add(m.id);
        } else {
          this.counts.unexpected.push(`${channel.name} ${m.id}: ${outcome}`);
        }
      });
      pending = retry;
      await sleep(retry.length > 0 ? 500 : this.options.pauseMs);
    }
  }

  private http(name: string): Channel {
    return {
      name,
      send: async (messages) => {
        let res: Response;
        try {
          const gateway = this.gateways[this.requests++ % this.gateways.length];
          res = await fetch(`${gateway}/v1/messages/batch`, {
            method: 'POST',
            headers: { authorization: `Bearer ${this.key}`, 'content-type': 'application/json' },
            body: JSON.stringify(messages),
            signal: AbortSignal.timeout(60_000),
          });
        } catch {
          this.counts.failedAttempts += 1;
          return messages.map(() => 'retry');
        }
        const body = (await res.json().catch(() => ({}))) as {
          results?: Array<{ httpStatus: number; problem?: { detail?: string } }>;
          detail?: string;
        };
        if (res.status === 503) return this.unavailable(messages.length);
        if (res.status !== 200 || !body.results)
          return messages.map(() => `HTTP ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
        return body.results.map((r) => {
          if (r.httpStatus === 202 || r.httpStatus === 200) return 'ack';
          if (r.httpStatus === 503) return this.unavailable(1)[0];
          return `item ${r.httpStatus} ${JSON.stringify(r).slice(0, 300)}`;
        });
      },
    };
  }

  private unavailable(n: number): Array<'retry'> {
    this.counts.unavailable += n;
    return Array.from({ length: n }, () => 'retry');
  }

  /** An operator's own producer on its inbound topic, with its credential: idempotent, acks from all in-sync replicas. */
  private direct(name: string): Channel {
    return {
      name,
      send: async (messages) => {
        try {
          await this.producer!.send({
            topic: this.operator.topic,
            acks: -1,
            timeout: 10_000,
            messages: messages.map((m) => ({ key: m.consignmentRef, value: JSON.stringify(m) })),
          });
          return messages.map(() => 'ack');
        } catch {
          this.counts.failedAttempts += 1;
          return messages.map(() => 'retry');
        }
      },
    };
  }
}
