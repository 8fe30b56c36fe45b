import { Logger } from '@nestjs/common';
import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { Admin, Consumer, EachBatchPayload, IHeaders, Kafka, Partitioners, Producer } from 'kafkajs';
import { Counter, Histogram, Registry } from 'prom-client';
import { lastValueFrom } from 'rxjs';
import { setTimeout as sleep } from 'node:timers/promises';
import { GroupCommit } from './group-commit';
import { commitOffsetsAs } from './group-fenced-offsets';
import { DERIVED_MAX_MESSAGE_BYTES } from './topics';
import { ConsumedRecord, OutgoingRecord } from './records';
import { sendRounds } from './send-rounds';

/** A batch fetched before a failure (or during a recovery): refused, and fetched again. */
class StaleBatchError extends Error {
  constructor() {
    super('batch fetched before a failed one; it is consumed again');
  }
}

export interface TransactionalBatchOptions {
  kafka: Kafka;
  groupId: string;
  /** Stable across restarts: a restarted instance fences its crashed predecessor and aborts its open transaction. */
  transactionalId: string;
  /**
   * Pattern → topic: the handler registered with `@MessagePattern(pattern)` receives each batch of that topic. A
   * RegExp stands for every topic it matches, a set that grows (one inbound topic per participant): it is looked up
   * every `topicRefreshMs`, and the consumer restarts when it changed (kafkajs resolves a subscription only once).
   */
  subscriptions: Record<string, string | RegExp>;
  topicRefreshMs?: number;
  /** Where the pipeline metrics (batches, records in and out, time per stage) are registered; none when absent. */
  registry?: Registry;
}

/** Pipeline metrics of one app: how big its batches are and where their time goes (handler or Kafka transaction). */
class PipelineMetrics {
  readonly batches: Counter<'topic'>;
  readonly recordsIn: Counter<'topic'>;
  readonly recordsOut: Counter<'topic'>;
  readonly failures: Counter<'topic'>;
  readonly seconds: Histogram<'stage'>;

  constructor(registry: Registry) {
    const counter = (name: string, help: string) =>
      new Counter({ name, help, labelNames: ['topic'], registers: [registry] });
    this.batches = counter(
      'cx_pipeline_batches_total',
      'Batches handled and committed (one Kafka transaction each)',
    );
    this.recordsIn = counter('cx_pipeline_records_in_total', 'Records consumed and committed');
    this.recordsOut = counter(
      'cx_pipeline_records_out_total',
      'Records produced in committed transactions, by consumed topic',
    );
    this.failures = counter(
      'cx_pipeline_batch_failures_total',
      'Batches that failed (handler or transaction) and are consumed again',
    );
    this.seconds = new Histogram({
      name: 'cx_pipeline_batch_seconds',
      help: 'Time per batch in the handler (database included) and in the Kafka transaction',
      labelNames: ['stage'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
  }
}

/**
 * Consumed records per transaction, at most (a single larger partition batch goes alone): big enough to spread a
 * transaction's round trips thin, small enough to bound memory (the router writes ~7 records for each one consumed).
 */
const MAX_RECORDS_PER_TRANSACTION = 1000;

/** One partition's batch, waiting to be handled and committed. */
interface PartitionBatch {
  /** The server's `generation` when it was fetched: a batch fetched before a failure is not committed after it. */
  generation: number;
  topic: string;
  partition: number;
  lastOffset: string;
  records: ConsumedRecord[];
}

/** How long a recovery may wait for the broker (to fence the failed transaction) before the process gives up. */
const RECOVERY_TIMEOUT_MS = 180_000;

const matches = (wanted: string | RegExp, topic: string) =>
  typeof wanted === 'string' ? wanted === topic : wanted.test(topic);

/** The pause before the next try of a start or a recovery: growing, at most 5 s. */
const backoff = (attempt: number) => sleep(Math.min(5000, 250 * 2 ** attempt));

function headersOf(raw: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw ?? {})) {
    if (v !== undefined) out[k] = Array.isArray(v) ? String(v[0]) : String(v);
  }
  return out;
}

/**
 * A Nest microservice transport for consume-transform-produce: each batch of a partition goes to the handler of its
 * topic, and what the handler returns is written together with the batch's offsets in one Kafka transaction. A
 * `read_committed` reader therefore sees each output exactly once, even when this process dies mid-batch.
 *
 * Offsets are read only after this producer has fenced its predecessors (see `fencedProducer`): at start and after
 * every failed transaction, so that a transaction whose outcome was unknown is settled before they are read. Every
 * read asks for stable offsets (stable-offset-fetch.ts), so a commit still completing, this instance's or another's
 * that owned the partition before a rebalance, settles before the answer.
 */
export class TransactionalBatchServer extends Server implements CustomTransportStrategy {
  protected override readonly logger = new Logger(TransactionalBatchServer.name);
  private consumer?: Consumer;
  private producer?: Producer;
  private readonly metrics?: PipelineMetrics;
  /** Bumped by every failed batch and every recovery: batches fetched before it are refused, and consumed again. */
  private generation = 0;
  /** Set while a failed transaction is being settled and the consumer replaced; every batch is refused meanwhile. */
  private recovering?: Promise<void>;
  private closing = false;
  /**
   * Per `topic/partition`, the offset after the last record this instance committed. kafkajs can fetch a partition
   * again from offsets read before a commit of ours was made (it rejoins its group when a fetch meets a moved
   * leader, while another partition's batch is still being committed), so a batch may hold records already
   * committed: those are left out, never routed twice. Only ever behind the group's own committed offset (a commit
   * this instance made), so it never skips what another instance left to do.
   */
  private readonly committedUpTo = new Map<string, bigint>();
  /** The topics the consumer subscribes to now (RegExp subscriptions resolved). */
  private subscribed: string[] = [];
  private refresher?: NodeJS.Timeout;
  /** Lists the topics of RegExp subscriptions: one connection kept, not a login at every refresh. */
  private admin?: Admin;

  constructor(private readonly options: TransactionalBatchOptions) {
    super();
    if (options.registry) this.metrics = new PipelineMetrics(options.registry);
  }

  async listen(callback: (err?: unknown) => void): Promise<void> {
    try {
      await this.startWithRetries();
      this.watchTopics();
      callback();
    } catch (err) {
      callback(err);
    }
  }

  /**
   * Topics another app created a moment ago may not be known to every broker yet ("does not host this
   * topic-partition"): such retriable errors at start are waited out rather than fatal.
   */
  private async startWithRetries(attempts = 10): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.start();
      } catch (err) {
        const retriable = (err as { retriable?: boolean }).retriable === true;
        if (!retriable || attempt >= attempts) throw err;
        this.logger.warn(`start failed (${(err as Error).message}); retrying (${attempt}/${attempts})`);
        await this.closeClients();
        await backoff(attempt);
      }
    }
  }

  private async start(deadline = Date.now() + RECOVERY_TIMEOUT_MS): Promise<void> {
    this.subscribed = await this.matchingTopics();
    this.producer = await this.fencedProducerWithin(deadline);
    await this.startConsumer();
  }

  /** `fencedProducer`, tried again while the broker is away or the earlier transaction still completing. */
  private async fencedProducerWithin(deadline: number): Promise<Producer> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.fencedProducer();
      } catch (err) {
        if (Date.now() > deadline || this.closing) throw err;
        this.logger.warn(`fencing earlier transactions: ${(err as Error).message}; retrying (${attempt})`);
        await backoff(attempt);
      }
    }
  }

  /**
   * A transactional producer that has fenced every earlier producer of its transactional id. kafkajs sends the
   * transactional InitProducerId only at the first `transaction()`, after the consumer has read its offsets; but a
   * transaction of an earlier producer may still be completing then (a commit the coordinator finishes after a broker
   * restart, or that was sent just before a failure), and kafkajs reads offsets without `require_stable` (KIP-447):
   * it gets those from before that transaction, the batch is consumed again, and its outputs are committed twice.
   * The coordinator answers InitProducerId only once the earlier transaction is complete (or aborted, when its
   * commit never arrived), and a late request of the earlier producer is refused from then on: offsets read after
   * this are final.
   */
  private async fencedProducer(): Promise<Producer> {
    const { kafka, transactionalId } = this.options;
    const producer = kafka.producer({
      transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    try {
      await producer.connect();
      const txn = await producer.transaction(); // InitProducerId(transactionalId): fences, waits for the earlier one
      await txn.abort(); // nothing was added to it: no request is sent, the producer is ready
      return producer;
    } catch (err) {
      await producer.disconnect().catch(() => undefined);
      throw err;
    }
  }

  private async startConsumer(): Promise<void> {
    const { kafka, groupId } = this.options;
    const consumer = kafka.consumer({
      groupId,
      readUncommitted: false,
      sessionTimeout: 10000,
      heartbeatInterval: 3000,
      // At least the largest record a topic takes (kafkajs: else a consumer can get stuck on a large record).
      maxBytesPerPartition: DERIVED_MAX_MESSAGE_BYTES,
      // A short fetch wait: disconnect waits for the fetch in flight, and a quiet topic should not delay shutdown.
      maxWaitTimeInMs: 250,
    });
    this.consumer = consumer;
    // A join beyond the first (a rebalance: another instance came or went, or kafkajs restarted the consumer) may
    // have moved partitions: a batch fetched before it is refused, not committed (kafkajs joins only once every
    // batch in flight has returned, so none should be left). The join itself reads the committed offsets with
    // require_stable: a transaction of whoever owned a partition before settles first. Nothing is replaced: leaving
    // the group here would make every other instance rebalance in turn.
    let joins = 0;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      if (this.consumer !== consumer) return;
      // Offsets are committed for this member in the generation it joined: a commit after it lost the partitions
      // (a rebalance it has not seen yet) is refused by the group coordinator, and its transaction aborts.
      commitOffsetsAs(this.options.transactionalId, payload.memberId);
      if (++joins > 1) this.generation += 1;
    });
    // A consumer kafkajs gives up on would leave this process alive but idle: exit, so a supervisor restarts it.
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart && this.consumer === consumer && !this.recovering && !this.closing) {
        this.logger.error(
          `consumer crashed for good: ${payload.error.message}; exiting so that the app is restarted`,
        );
        process.exit(70);
      }
    });
    await consumer.connect();
    await consumer.subscribe({ topics: this.subscribed, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      // Every partition's batch at once: they meet in `pending` and share a transaction (one at a time per
      // transactional producer, which GroupCommit ensures).
      partitionsConsumedConcurrently: 64,
      eachBatch: (payload) => this.handleBatch(payload, consumer),
    });
  }

  /**
   * After a failed transaction its outcome may be unknown: the commit may have reached the coordinator and complete
   * later. kafkajs would go on from the offsets it holds in memory (and its producer is left unusable), so the
   * consumer is stopped, a new producer fences the failed transaction, and a new consumer reads the offsets again.
   */
  private recover(cause: unknown): void {
    if (this.recovering || this.closing) return;
    this.logger.warn(
      `${(cause as Error).message}: settling any transaction left open and reading the committed offsets again`,
    );
    this.recovering = (async () => {
      const deadline = Date.now() + RECOVERY_TIMEOUT_MS;
      for (let attempt = 1; ; attempt++) {
        await this.closeClients();
        if (this.closing) return;
        this.generation += 1;
        try {
          return await this.start(deadline);
        } catch (err) {
          if (Date.now() > deadline) throw err;
          this.logger.warn(`recovering: ${(err as Error).message}; retrying (${attempt})`);
          await backoff(attempt);
        }
      }
    })().then(
      () => {
        this.recovering = undefined;
        this.logger.log('recovered: the failed transaction is settled and the consumer reads on');
      },
      (err) => {
        this.logger.error(
          `could not recover: ${(err as Error).message}; exiting so that the app is restarted`,
        );
        process.exit(70);
      },
    );
  }

  private async handleBatch(
    { batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload,
    consumer: Consumer,
  ): Promise<void> {
    if (batch.messages.length === 0 || !isRunning() || isStale()) return;
    if (consumer !== this.consumer) {
      // A consumer a recovery replaced that kafkajs restarted on its own: it must not read on beside the new one.
      void consumer.disconnect().catch(() => undefined);
      throw new StaleBatchError();
    }
    const records: ConsumedRecord[] = batch.messages.map((m) => ({
      topic: batch.topic,
      partition: batch.partition,
      offset: m.offset,
      key: m.key ? m.key.toString('utf8') : null,
      value: m.value,
      headers: headersOf(m.headers),
      timestamp: m.timestamp,
    }));
    await this.pending.write([
      {
        generation: this.generation,
        topic: batch.topic,
        partition: batch.partition,
        lastOffset: batch.lastOffset(),
        records,
      },
    ]);
    resolveOffset(batch.lastOffset());
    await heartbeat();
  }

  /**
   * The partitions' batches that are ready together go through their handlers together and are committed in one
   * transaction: one set of transaction round trips and markers for all of them instead of one per partition.
   */
  private readonly pending = new GroupCommit<PartitionBatch>(
    (batches) => this.process(batches),
    MAX_RECORDS_PER_TRANSACTION,
    (b) => b.records.length,
  );

  private async process(fetched: PartitionBatch[]): Promise<void> {
    const m = this.metrics;
    const label = { topic: [...new Set(fetched.map((b) => b.topic))].join(',') };
    try {
      // After a failure kafkajs fetches again from the last offsets resolved (or, after a recovery, the new consumer
      // from the committed ones). A batch of an older fetch still queued here must not be committed now: its records
      // come again, and would be routed twice.
      if (this.recovering || fetched.some((b) => b.generation !== this.generation))
        throw new StaleBatchError();
      const batches = this.uncommitted(fetched);
      if (batches.length === 0) return;
      const topics = [...new Set(batches.map((b) => b.topic))];
      const handling = m?.seconds.startTimer({ stage: 'handle' });
      const outgoing: OutgoingRecord[] = [];
      for (const topic of topics) {
        const records = batches.filter((b) => b.topic === topic).flatMap((b) => b.records);
        outgoing.push(...(await this.handle(topic, records)));
      }
      handling?.();
      const committing = m?.seconds.startTimer({ stage: 'transaction' });
      try {
        await this.commit(outgoing, batches);
      } catch (err) {
        this.recover(new Error(`transaction failed (${(err as Error).message})`));
        throw err;
      }
      committing?.();
      for (const b of batches) this.committedUpTo.set(`${b.topic}/${b.partition}`, BigInt(b.lastOffset) + 1n);
      m?.batches.inc(label);
      m?.recordsIn.inc(
        label,
        batches.reduce((n, b) => n + b.records.length, 0),
      );
      m?.recordsOut.inc(label, outgoing.length);
    } catch (err) {
      if (!(err instanceof StaleBatchError)) {
        this.generation += 1;
        m?.failures.inc(label);
      }
      throw err;
    }
  }

  /**
   * The batches without the records this instance has committed already (see `committedUpTo`), nor any record at or
   * below one taken before it in this group: each partition's records go through strictly in offset order, once,
   * however kafkajs delivered them (a partition fetched again while its batch waited here, a batch holding records
   * twice).
   */
  private uncommitted(fetched: PartitionBatch[]): PartitionBatch[] {
    const next = new Map(this.committedUpTo);
    const out: PartitionBatch[] = [];
    for (const b of fetched) {
      const key = `${b.topic}/${b.partition}`;
      let from = next.get(key) ?? -1n;
      const records = b.records.filter((r) => {
        const offset = BigInt(r.offset);
        if (offset < from) return false;
        from = offset + 1n;
        return true;
      });
      if (records.length < b.records.length) {
        // Rare (a refetch after a rejoin): said, so that a run shows how often it happens.
        this.logger.warn(
          `${key}: ${b.records.length - records.length} of ${b.records.length} records from ${b.records[0].offset} taken already; left out`,
        );
      }
      if (records.length === 0) continue;
      out.push(records.length === b.records.length ? b : { ...b, records });
      next.set(key, BigInt(b.lastOffset) + 1n);
    }
    return out;
  }

  private async handle(topic: string, records: ConsumedRecord[]): Promise<OutgoingRecord[]> {
    const pattern = Object.keys(this.options.subscriptions).find((p) =>
      matches(this.options.subscriptions[p], topic),
    );
    const handler = pattern === undefined ? null : this.getHandlerByPattern(pattern);
    if (!handler) throw new Error(`no handler for topic ${topic}`);
    return (await lastValueFrom(this.transformToObservable(await handler(records)), {
      defaultValue: [],
    })) as OutgoingRecord[];
  }

  private async commit(outgoing: OutgoingRecord[], batches: PartitionBatch[]) {
    const offsets = new Map<string, Array<{ partition: number; offset: string }>>();
    for (const b of batches) {
      const next = (BigInt(b.lastOffset) + 1n).toString();
      offsets.set(b.topic, [...(offsets.get(b.topic) ?? []), { partition: b.partition, offset: next }]);
    }
    const txn = await this.producer!.transaction();
    try {
      // Sent in rounds of bounded size: kafkajs puts all of a partition's records of one request into one record
      // batch, and the broker refuses a batch over its max.message.bytes, which would stop the pipeline.
      for (const round of sendRounds(outgoing)) await txn.sendBatch({ acks: -1, topicMessages: round });
      await txn.sendOffsets({
        consumerGroupId: this.options.groupId,
        topics: [...offsets].map(([topic, partitions]) => ({ topic, partitions })),
      });
      await txn.commit();
    } catch (err) {
      await txn.abort().catch(() => undefined);
      throw err;
    }
  }

  /** The topics the subscriptions name now: literal ones as they are, RegExp ones as the cluster lists them. */
  private async matchingTopics(): Promise<string[]> {
    const wanted = Object.values(this.options.subscriptions);
    const literal = wanted.filter((w): w is string => typeof w === 'string');
    if (literal.length === wanted.length) return literal;
    if (!this.admin) {
      const admin = this.options.kafka.admin();
      await admin.connect();
      this.admin = admin;
    }
    const listed = await this.admin.listTopics().catch(async (err: unknown) => {
      // A broken connection (the broker restarted, say) is not kept: the next look connects anew.
      await this.admin?.disconnect().catch(() => undefined);
      this.admin = undefined;
      throw err;
    });
    return [...new Set([...literal, ...listed.filter((t) => wanted.some((w) => matches(w, t)))])].sort();
  }

  /** Restarts the consumer (and its producer) when the topics of a RegExp subscription changed. */
  private watchTopics(): void {
    const everyMs = this.options.topicRefreshMs;
    if (!everyMs || Object.values(this.options.subscriptions).every((w) => typeof w === 'string')) return;
    const tick = async () => {
      try {
        const topics = await this.matchingTopics();
        // A recovery under way starts a consumer of its own; the next tick looks again.
        if (!this.recovering && topics.join('\n') !== this.subscribed.join('\n')) {
          this.logger.log(`subscribed topics changed (now ${topics.length}); restarting the consumer`);
          await this.closeClients();
          await this.startWithRetries().catch((err: unknown) => {
            this.subscribed = []; // the clients are down: the next tick starts them again
            throw err;
          });
        }
      } catch (err) {
        this.logger.warn(`topic refresh failed: ${(err as Error).message}`);
      } finally {
        if (this.refresher) this.refresher = setTimeout(() => void tick(), everyMs).unref();
      }
    };
    this.refresher = setTimeout(() => void tick(), everyMs).unref();
  }

  /** The app's shutdown: no more refreshes or recoveries, then the clients. */
  async close(): Promise<void> {
    clearTimeout(this.refresher);
    this.refresher = undefined;
    this.closing = true;
    await this.recovering;
    this.closing = false;
    await this.closeClients();
    await this.admin?.disconnect().catch(() => undefined);
    this.admin = undefined;
  }

  /** Disconnects the consumer (after its batch in flight) and the producer; a start or a recovery makes new ones. */
  private async closeClients(): Promise<void> {
    await this.consumer?.disconnect().catch((e) => this.logger.warn(`consumer disconnect: ${e}`));
    await this.producer?.disconnect().catch((e) => this.logger.warn(`producer disconnect: ${e}`));
    this.consumer = this.producer = undefined;
  }

  on(): void {
    throw new Error('TransactionalBatchServer does not emit events');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }
}
