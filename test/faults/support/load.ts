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
  /** The longest a sender went without an acknowledgment while it was refused (503 or no answer), in ms. */
  longestRefusalMs: number;
}

export interface LoadOptions {
  httpSenders: number;
  kafkaSenders: number;
  batch: number;
  pauseMs: number;
  /** Gateways the HTTP senders take turns at, request by request (default: the exchange's first gateway). */
  gateways?: string[];
}

interface Channel {
  name: string;
  /** Sends the messages; per message: 'ack' | 'retry' | an unexpected outcome's description. */
  send(messages: Envelope[]): Promise<Array<'ack' | 'retry' | string>>;
}

/**
 * Load for the fault suite: several senders, each owning its own consignments and sending their messages strictly
 * one batch after another, every second batch correcting the one before. A batch that is not acknowledged is sent again, same ids, before anything new, so each
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
    longestRefusalMs: 0,
  };
  /** Acknowledged ids per consignmentRef, in acknowledgment order. */
  readonly acked = new Map<string, string[]>();
  private running = true;
  /** After stop(): until when unacknowledged messages are still retried. */
  private drainDeadline = Infinity;
  private loops: Promise<void>[] = [];
  private producer?: Producer;
  private requests = 0;

  constructor(
    private readonly x: Exchange,
    private readonly template: Envelope,
    private readonly key: string,
    private readonly tag: string,
    /** The operator's own Kafka credential and inbound topic (cx.inbound.<sender>). */
    private readonly operator: { sasl: SASLOptions; topic: string },
    private readonly options: LoadOptions = { httpSenders: 2, kafkaSenders: 1, batch: 10, pauseMs: 40 },
  ) {}

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
    let round = 0;
    /** Since when this sender has been refused without an acknowledgment in between. */
    let refusedSince: number | undefined;
    while (this.running || (pending.length > 0 && Date.now() < this.drainDeadline)) {
      if (pending.length === 0) {
        if (!this.running) break;
        pending = refs.map((consignmentRef) => this.next(consignmentRef, round));
        round += 1;
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
        } else {
          this.counts.unexpected.push(`${channel.name} ${m.id}: ${outcome}`);
        }
      });
      if (retry.length > 0) refusedSince ??= Date.now();
      else if (refusedSince !== undefined) {
        this.counts.longestRefusalMs = Math.max(this.counts.longestRefusalMs, Date.now() - refusedSince);
        refusedSince = undefined;
      }
      pending = retry;
      await sleep(retry.length > 0 ? 500 : this.options.pauseMs);
    }
  }

  /**
   * Every second round corrects the message the round before sent under the ref (standard 1.2): corrections go the
   * same way as any message, and must reach their recipients once and in order, after their original.
   */
  private next(consignmentRef: string, round: number): Envelope {
    const message = { ...this.template, id: randomUUID(), consignmentRef };
    const previous = this.acked.get(consignmentRef)?.at(-1);
    return round % 2 === 1 && previous ? { ...message, version: '1.2', supersedes: previous } : message;
  }

  private http(name: string): Channel {
    return {
      name,
      send: async (messages) => {
        let res: Response;
        try {
          const gateways = this.options.gateways ?? [this.x.gatewayUrl];
          res = await fetch(`${gateways[this.requests++ % gateways.length]}/v1/messages/batch`, {
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
