import { Logger } from '@nestjs/common';
import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import {
  Admin,
  Consumer,
  ConsumerGroupJoinEvent,
  EachBatchPayload,
  IHeaders,
  Kafka,
  Partitioners,
  Producer,
} from 'kafkajs';
import { Counter, Histogram, Registry } from 'prom-client';
import { lastValueFrom } from 'rxjs';
import { setTimeout as sleep } from 'node:timers/promises';
import { DERIVED_MAX_MESSAGE_BYTES } from './topics';
import { ConsumedRecord, OutgoingRecord } from './records';
import { sendRounds } from './send-rounds';

export interface TransactionalBatchOptions {
  kafka: Kafka;
  groupId: string;
  /**
   * The prefix of the transactional ids: each input partition has its own, `<prefix>.<topic>.<partition>`, the same
   * in every instance and across restarts, so that whoever is given a partition fences whoever had it before.
   */
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

/** How long a start may wait for the broker before the process gives up. */
const START_TIMEOUT_MS = 180_000;

/** A partition this instance consumes, once it has fenced the partition's transactional id. */
interface ClaimedPartition {
  /** The assignment (see `assignment`) in which it was claimed: a later one claims it again. */
  assignment: number;
  /** The only producer that commits this partition's offsets (transactional id `<prefix>.<topic>.<partition>`). */
  producer: Producer;
  /** The committed offset read after fencing: records below it were committed by an earlier owner. */
  committed: bigint;
}

const matches = (wanted: string | RegExp, topic: string) =>
  typeof wanted === 'string' ? wanted === topic : wanted.test(topic);

/** The pause before the next try of a start or a failed partition: growing, at most 5 s. */
const backoff = (attempt: number) => sleep(Math.min(5000, 250 * 2 ** attempt));

function headersOf(raw: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw ?? {})) {
    if (v !== undefined) out[k] = Array.isArray(v) ? String(v[0]) : String(v);
  }
  return out;
}

const keyOf = (topic: string, partition: number) => `${topic}\u0000${partition}`;

/**
 * A Nest microservice transport for consume-transform-produce: each batch of a partition goes to the handler of its
 * topic, and what the handler returns is written together with the batch's offsets in one Kafka transaction. A
 * `read_committed` reader therefore sees each output exactly once, even when an instance dies mid-batch, and with any
 * number of instances in the consumer group.
 *
 * Why it is correct (one transactional id per input partition, the pattern Kafka Streams used before KIP-447):
 * - Every transaction that commits offsets of partition `p` is made by the producer of transactional id
 *   `<prefix>.<topic>.<p>`, whichever instance holds `p`. So "every transaction that could move `p`'s offsets" is
 *   "every transaction of that one id".
 * - Before an instance handles a batch of `p` in a new assignment (its first, after a rebalance, after kafkajs
 *   restarted its consumer, after a failed transaction) it creates that producer anew. Its InitProducerId fences
 *   every earlier producer of the id, in this process or in another one, dead or alive: the coordinator answers only
 *   once the earlier producer's last transaction is complete (a commit still completing is finished, an open one is
 *   aborted), and refuses that producer's requests from then on.
 * - Only then does it read `p`'s committed offset (kafkajs reads offsets without `require_stable`, which is why the
 *   fence must come first): it is final, as no one can move it but this producer. kafkajs fetched the batch from
 *   offsets it read at the join, which may predate a commit that was still completing; those offsets are never
 *   higher than the final one, so the batch holds every record from the final offset on, and the records below it
 *   (already committed by the earlier owner) are dropped.
 * - A batch of an instance that lost `p` meanwhile (a zombie: the group moved `p` on while it was still working) ends
 *   in a commit the new owner's fence refuses (`INVALID_PRODUCER_EPOCH`), so its outputs are never visible.
 * - Offsets never move back: a batch wholly below the committed offset (fetched again) is skipped, not committed.
 * Known gap (the cluster fault suite shows it): the group coordinator applies a completed transaction's offsets a
 * moment after the transaction completes, and an OffsetFetch without `require_stable` may still return the older
 * offset then; reading them with `require_stable` (OffsetFetch v7+, which kafkajs does not send) would close it.
 * A partition is claimed at its first batch, not at the assignment: when the earlier owner died with a transaction
 * open and no new record arrives, that transaction stays open until the broker aborts it (kafkajs' transaction
 * timeout, 60 s), and `read_committed` readers of its outputs wait that long.
 * Instances never fence each other otherwise: two instances hold disjoint partitions, hence disjoint ids. A rebalance
 * (an instance joining or leaving) costs each instance one fence per partition it is given, not a restart of its
 * consumer, so two instances cannot drive each other into recoveries. The price is one producer (a few connections)
 * per assigned partition, and one transaction per partition batch rather than one for all of them.
 */
export class TransactionalBatchServer extends Server implements CustomTransportStrategy {
  protected override readonly logger = new Logger(TransactionalBatchServer.name);
  private consumer?: Consumer;
  private readonly metrics?: PipelineMetrics;
  /** Bumped at every group join and every new consumer: partitions are claimed anew in each assignment. */
  private assignment = 0;
  private readonly claimed = new Map<string, ClaimedPartition>();
  /** The handlers run one at a time in a process (they share its database connection); transactions overlap. */
  private handling: Promise<unknown> = Promise.resolve();
  /** Consecutive failures per partition: the pause before its batch is tried again grows with them. */
  private readonly failures = new Map<string, number>();
  private closing = false;
  /** The topics the consumer subscribes to now (RegExp subscriptions resolved). */
  private subscribed: string[] = [];
  private refresher?: NodeJS.Timeout;
  /** Lists topics and reads committed offsets: one connection kept, not a login each time. */
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
  private async startWithRetries(deadline = Date.now() + START_TIMEOUT_MS): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        this.subscribed = await this.matchingTopics();
        return await this.startConsumer();
      } catch (err) {
        const retriable = (err as { retriable?: boolean }).retriable === true;
        if (!retriable || Date.now() > deadline || this.closing) throw err;
        this.logger.warn(`start failed (${(err as Error).message}); retrying (${attempt})`);
        await this.closeClients();
        await backoff(attempt);
      }
    }
  }

  /** The transactional id of one input partition: the same in every instance, so its next owner fences the last. */
  private transactionalIdOf(topic: string, partition: number): string {
    return `${this.options.transactionalId}.${topic}.${partition}`;
  }

  /**
   * A transactional producer that has fenced every earlier producer of its transactional id. kafkajs sends the
   * transactional InitProducerId only at the first `transaction()`: started here, the coordinator answers once the
   * earlier producer's last transaction is complete (or aborted, when its commit never arrived).
   */
  private async fencedProducer(transactionalId: string): Promise<Producer> {
    const producer = this.options.kafka.producer({
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
    this.assignment += 1;
    // Every join (a rebalance, kafkajs restarting the consumer after an error) read the offsets again without a
    // fence: the partitions are claimed anew at their next batch, and those given to another instance let go.
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }: ConsumerGroupJoinEvent) => {
      if (this.consumer !== consumer) return;
      this.assignment += 1;
      const kept = new Set(
        Object.entries(payload.memberAssignment ?? {}).flatMap(([topic, partitions]) =>
          partitions.map((p) => keyOf(topic, p)),
        ),
      );
      for (const key of [...this.claimed.keys()].filter((k) => !kept.has(k))) this.release(key);
    });
    // A consumer kafkajs gives up on would leave this process alive but idle: exit, so a supervisor restarts it.
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart && this.consumer === consumer && !this.closing) {
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
      // Every partition's batch at once: each has its own producer, so their transactions overlap.
      partitionsConsumedConcurrently: 64,
      eachBatch: (payload) => this.handleBatch(payload, consumer),
    });
  }

  /** Lets go of a partition's producer (another instance has it now, or its transaction failed). */
  private release(key: string): void {
    const claim = this.claimed.get(key);
    this.claimed.delete(key);
    void claim?.producer.disconnect().catch(() => undefined);
  }

  /**
   * Fences the partition's transactional id, then reads its committed offset (final once fenced). Undefined when the
   * assignment changed meanwhile: the batch is left to the next one.
   */
  private async claim(
    topic: string,
    partition: number,
    assignment: number,
  ): Promise<ClaimedPartition | undefined> {
    const key = keyOf(topic, partition);
    this.release(key);
    const producer = await this.fencedProducer(this.transactionalIdOf(topic, partition));
    try {
      const committed = await this.committedOffset(topic, partition);
      if (assignment !== this.assignment || this.closing) {
        await producer.disconnect().catch(() => undefined);
        return undefined;
      }
      const claim = { assignment, producer, committed };
      this.claimed.set(key, claim);
      return claim;
    } catch (err) {
      await producer.disconnect().catch(() => undefined);
      throw err;
    }
  }

  private async committedOffset(topic: string, partition: number): Promise<bigint> {
    const admin = await this.adminClient();
    const [offsets] = await admin
      .fetchOffsets({ groupId: this.options.groupId, topics: [topic] })
      .catch(async (err: unknown) => {
        await this.dropAdmin();
        throw err;
      });
    const found = offsets?.partitions.find((p) => p.partition === partition);
    return BigInt(found?.offset ?? '-1');
  }

  private async handleBatch(
    { batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload,
    consumer: Consumer,
  ): Promise<void> {
    if (batch.messages.length === 0 || !isRunning() || isStale()) return;
    if (consumer !== this.consumer) {
      // A consumer that was replaced and that kafkajs restarted on its own: it must not read on beside the new one.
      void consumer.disconnect().catch(() => undefined);
      return;
    }
    const { topic, partition } = batch;
    const key = keyOf(topic, partition);
    const assignment = this.assignment;
    const label = { topic };
    let claim = this.claimed.get(key);
    // A rebalance under way is noticed here (kafkajs throws, and joins again) rather than after fencing the
    // partition's new owner.
    if (claim?.assignment !== assignment) await heartbeat();
    try {
      if (claim?.assignment !== assignment) claim = await this.claim(topic, partition, assignment);
      if (!claim) return; // the assignment changed: kafkajs fetches again for the new one
      const { committed } = claim;
      if (BigInt(batch.lastOffset()) < committed) {
        // Wholly committed already: kafkajs fetched it before the last commit (after a leader moved, a fetch from the
        // old leader's node may be handled after one from the new leader's). Committing its offsets would move them
        // back; it is skipped, and kafkajs goes on from the committed offset.
        resolveOffset(String(committed - 1n));
        return;
      }
      // Records below the committed offset were committed already: by an earlier owner whose commit was still
      // completing when kafkajs read the offsets at the join, or by this one (a batch fetched again, as above).
      const records: ConsumedRecord[] = batch.messages
        .filter((m) => BigInt(m.offset) >= committed)
        .map((m) => ({
          topic,
          partition,
          offset: m.offset,
          key: m.key ? m.key.toString('utf8') : null,
          value: m.value,
          headers: headersOf(m.headers),
          timestamp: m.timestamp,
        }));
      const timer = this.metrics?.seconds.startTimer({ stage: 'handle' });
      const outgoing = records.length > 0 ? await this.serially(() => this.handle(topic, records)) : [];
      timer?.();
      const committing = this.metrics?.seconds.startTimer({ stage: 'transaction' });
      try {
        await this.commit(claim.producer, outgoing, topic, partition, batch.lastOffset());
      } catch (err) {
        // Its outcome is unknown (or another instance fenced it): the next batch claims the partition again.
        if (this.claimed.get(key) === claim) this.release(key);
        throw err;
      }
      committing?.();
      claim.committed = BigInt(batch.lastOffset()) + 1n;
      this.failures.delete(key);
      resolveOffset(batch.lastOffset());
      this.metrics?.batches.inc(label);
      this.metrics?.recordsIn.inc(label, records.length);
      this.metrics?.recordsOut.inc(label, outgoing.length);
    } catch (err) {
      // Nothing resolved: kafkajs fetches the same records again (for this partition only, its consumer keeps its
      // group membership), after a pause that grows while the failures go on.
      this.metrics?.failures.inc(label);
      const failures = (this.failures.get(key) ?? 0) + 1;
      this.failures.set(key, failures);
      this.logger.warn(`${topic}[${partition}]: ${(err as Error).message}; consuming the batch again`);
      await backoff(Math.min(failures, 4));
      return;
    }
    await heartbeat();
  }

  /** Runs `work` after every handler call before it of this process. */
  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.handling.then(work, work);
    this.handling = run.catch(() => undefined);
    return run;
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

  private async commit(
    producer: Producer,
    outgoing: OutgoingRecord[],
    topic: string,
    partition: number,
    lastOffset: string,
  ) {
    const txn = await producer.transaction();
    try {
      // Sent in rounds of bounded size: kafkajs puts all of a partition's records of one request into one record
      // batch, and the broker refuses a batch over its max.message.bytes, which would stop the pipeline.
      for (const round of sendRounds(outgoing)) await txn.sendBatch({ acks: -1, topicMessages: round });
      await txn.sendOffsets({
        consumerGroupId: this.options.groupId,
        topics: [{ topic, partitions: [{ partition, offset: (BigInt(lastOffset) + 1n).toString() }] }],
      });
      await txn.commit();
    } catch (err) {
      await txn.abort().catch(() => undefined);
      throw err;
    }
  }

  private async adminClient(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.options.kafka.admin();
      await admin.connect();
      this.admin = admin;
    }
    return this.admin;
  }

  /** A broken connection (the broker restarted, say) is not kept: the next call connects anew. */
  private async dropAdmin(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
    this.admin = undefined;
  }

  /** The topics the subscriptions name now: literal ones as they are, RegExp ones as the cluster lists them. */
  private async matchingTopics(): Promise<string[]> {
    const wanted = Object.values(this.options.subscriptions);
    const literal = wanted.filter((w): w is string => typeof w === 'string');
    if (literal.length === wanted.length) return literal;
    const admin = await this.adminClient();
    const listed = await admin.listTopics().catch(async (err: unknown) => {
      await this.dropAdmin();
      throw err;
    });
    return [...new Set([...literal, ...listed.filter((t) => wanted.some((w) => matches(w, t)))])].sort();
  }

  /** Restarts the consumer when the topics of a RegExp subscription changed. */
  private watchTopics(): void {
    const everyMs = this.options.topicRefreshMs;
    if (!everyMs || Object.values(this.options.subscriptions).every((w) => typeof w === 'string')) return;
    const tick = async () => {
      try {
        const topics = await this.matchingTopics();
        if (topics.join('\n') !== this.subscribed.join('\n')) {
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

  /** The app's shutdown: no more refreshes, then the clients. */
  async close(): Promise<void> {
    clearTimeout(this.refresher);
    this.refresher = undefined;
    this.closing = true;
    await this.closeClients();
    await this.dropAdmin();
    this.closing = false;
  }

  /** Disconnects the consumer (after its batches in flight) and the partitions' producers. */
  private async closeClients(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.disconnect().catch((e) => this.logger.warn(`consumer disconnect: ${e}`));
    const producers = [...this.claimed.values()].map((c) => c.producer);
    this.claimed.clear();
    await Promise.all(producers.map((p) => p.disconnect().catch(() => undefined)));
  }

  on(): void {
    throw new Error('TransactionalBatchServer does not emit events');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }
}
