import { Logger } from '@nestjs/common';
import { EachBatchPayload, Kafka } from 'kafkajs';
import { ConsumedRecord, OutgoingRecord } from './records';
import { TransactionalBatchServer } from './transactional-batch.server';

/**
 * An in-memory Kafka at the transport's I/O boundary, shared by any number of instances: transactional ids with
 * epochs (a producer's InitProducerId fences the earlier producers of its id), committed offsets per partition, the
 * committed outputs, and a log, in order, of what the clients did.
 */
class FakeKafka {
  readonly log: string[] = [];
  readonly consumers: FakeConsumer[] = [];
  /** Values of the records of committed transactions, in commit order. */
  readonly delivered: string[] = [];
  readonly committed = new Map<number, number>();
  private readonly epochs = new Map<string, number>();
  /** Whether the next transaction's commit fails (as when the broker goes away while committing). */
  failNextCommit = false;

  producer({ transactionalId }: { transactionalId: string }) {
    let epoch: number | undefined;
    return {
      connect: async () => undefined,
      disconnect: async () => this.log.push(`disconnect ${transactionalId}`),
      transaction: async () => {
        if (epoch === undefined) {
          // kafkajs: InitProducerId at the first transaction, which fences every earlier producer of the id.
          epoch = (this.epochs.get(transactionalId) ?? 0) + 1;
          this.epochs.set(transactionalId, epoch);
          this.log.push(`fence ${transactionalId}`);
        }
        const values: string[] = [];
        const offsets: Array<[number, number]> = [];
        return {
          sendBatch: async ({
            topicMessages,
          }: {
            topicMessages: Array<{ messages: Array<{ value: Buffer }> }>;
          }) => values.push(...topicMessages.flatMap((t) => t.messages.map((m) => m.value.toString()))),
          sendOffsets: async ({
            topics,
          }: {
            topics: Array<{ partitions: Array<{ partition: number; offset: string }> }>;
          }) =>
            offsets.push(
              ...topics.flatMap((t) =>
                t.partitions.map((p) => [p.partition, Number(p.offset)] as [number, number]),
              ),
            ),
          commit: async () => {
            if (this.failNextCommit) {
              this.failNextCommit = false;
              throw new Error('broker went away');
            }
            if (epoch !== this.epochs.get(transactionalId)) {
              this.log.push(`refused ${transactionalId}`);
              throw new Error('INVALID_PRODUCER_EPOCH');
            }
            for (const [partition, offset] of offsets) this.committed.set(partition, offset);
            this.delivered.push(...values);
            this.log.push(
              `commit ${transactionalId} [${values.join(' ')}] ${offsets.map(([p, o]) => `${p}@${o}`).join()}`,
            );
          },
          abort: async () => undefined,
        };
      },
    };
  }

  consumer() {
    const consumer = new FakeConsumer();
    this.consumers.push(consumer);
    return consumer;
  }

  admin() {
    return {
      connect: async () => undefined,
      disconnect: async () => undefined,
      fetchOffsets: async ({ topics }: { topics: string[] }) => {
        this.log.push(`read-offsets ${topics.join()}`);
        return topics.map((topic) => ({
          topic,
          partitions: [...this.committed].map(([partition, offset]) => ({
            partition,
            offset: String(offset),
          })),
        }));
      },
    };
  }
}

class FakeConsumer {
  readonly events = { GROUP_JOIN: 'group_join', CRASH: 'crash' };
  private readonly listeners = new Map<string, Array<(e: unknown) => void>>();
  private eachBatch?: (payload: EachBatchPayload) => Promise<void>;
  /** The last offset each partition's batch resolved (what kafkajs fetches from next). */
  readonly resolved = new Map<number, string>();

  on(event: string, listener: (e: unknown) => void) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
  }
  async connect() {}
  async subscribe() {}
  async run({ eachBatch }: { eachBatch: (payload: EachBatchPayload) => Promise<void> }) {
    this.eachBatch = eachBatch;
  }
  async disconnect() {}

  /** The group assigns this consumer these partitions of topic `in` (kafkajs reads their offsets, unfenced). */
  join(partitions: number[]) {
    const payload = { memberAssignment: { in: partitions } };
    for (const listener of this.listeners.get(this.events.GROUP_JOIN) ?? []) listener({ payload });
  }

  /** Delivers a batch of `count` records of topic `in` from `offset`, as kafkajs' eachBatch would. */
  deliver(partition: number, offset: number, count = 1): Promise<void> {
    const messages = Array.from({ length: count }, (_, i) => ({
      offset: String(offset + i),
      key: null,
      value: Buffer.from(`p${partition}m${offset + i}`),
      headers: {},
      timestamp: '0',
    }));
    const payload = {
      batch: { topic: 'in', partition, messages, lastOffset: () => String(offset + count - 1) },
      resolveOffset: (o: string) => this.resolved.set(partition, o),
      heartbeat: async () => undefined,
      isRunning: () => true,
      isStale: () => false,
    } as unknown as EachBatchPayload;
    return this.eachBatch!(payload);
  }
}

/** One instance of a pipeline app on the fake Kafka: one output record per consumed one. */
async function startInstance(
  kafka: FakeKafka,
): Promise<{ server: TransactionalBatchServer; consumer: FakeConsumer }> {
  const server = new TransactionalBatchServer({
    kafka: kafka as unknown as Kafka,
    groupId: 'group',
    transactionalId: 'txn',
    subscriptions: { in: 'in' },
  });
  server.addHandler(
    'in',
    async (records: ConsumedRecord[]): Promise<OutgoingRecord[]> =>
      records.map((r) => ({ topic: 'out', key: null, value: r.value ?? Buffer.alloc(0), headers: {} })),
    false,
  );
  await new Promise<void>(
    (resolve, reject) => void server.listen((err) => (err ? reject(err as Error) : resolve())),
  );
  return { server, consumer: kafka.consumers[kafka.consumers.length - 1] };
}

describe('TransactionalBatchServer', () => {
  let kafka: FakeKafka;
  const servers: TransactionalBatchServer[] = [];
  const start = async () => {
    const instance = await startInstance(kafka);
    servers.push(instance.server);
    return instance.consumer;
  };

  beforeAll(() => jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined));
  beforeEach(() => {
    kafka = new FakeKafka();
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it("fences the partition's transactional id before reading its committed offset, then commits outputs and offsets in one transaction", async () => {
    const consumer = await start();
    consumer.join([0]);
    await consumer.deliver(0, 0, 3);
    expect(kafka.log).toEqual(['fence txn.in.0', 'read-offsets in', 'commit txn.in.0 [p0m0 p0m1 p0m2] 0@3']);
    expect(consumer.resolved.get(0)).toBe('2');
  });

  it('fences once per partition and assignment: the next batches commit with the same producer', async () => {
    const consumer = await start();
    consumer.join([0, 1]);
    await consumer.deliver(0, 0);
    await consumer.deliver(1, 0);
    await consumer.deliver(0, 1);
    expect(kafka.log.filter((e) => e.startsWith('fence'))).toEqual(['fence txn.in.0', 'fence txn.in.1']);
    expect(kafka.delivered).toEqual(['p0m0', 'p1m0', 'p0m1']);
  });

  it('drops the records an earlier commit covered when kafkajs read the offsets before that commit completed', async () => {
    const consumer = await start();
    consumer.join([0]);
    // kafkajs read offset 0 at the join; the earlier owner's commit up to 2 completes when this instance fences.
    kafka.committed.set(0, 2);
    await consumer.deliver(0, 0, 4);
    expect(kafka.delivered).toEqual(['p0m2', 'p0m3']);
    expect(kafka.committed.get(0)).toBe(4);
  });

  it('a partition moved to another instance: the new owner fences the old one, whose late commit is refused; nothing twice, no consumer restarted', async () => {
    const a = await start();
    const b = await start();
    a.join([0, 1]);
    await a.deliver(0, 0, 2);
    // B joins: partition 0 is given to it; A, still working on a batch of 0 it fetched before it rejoined, is a zombie.
    b.join([0]);
    await b.deliver(0, 2, 2);
    await a.deliver(0, 2, 2);
    a.join([1]);
    await a.deliver(1, 0);
    expect(kafka.delivered).toEqual(['p0m0', 'p0m1', 'p0m2', 'p0m3', 'p1m0']);
    expect(kafka.log).toContain('refused txn.in.0');
    expect(kafka.log).toContain('disconnect txn.in.0');
    expect(a.resolved.get(0)).toBe('1');
    // Each fenced partition 0 once; A did not fence it again after its refused commit, and kept its consumer.
    expect(kafka.log.filter((e) => e === 'fence txn.in.0')).toHaveLength(2);
    expect(kafka.consumers).toHaveLength(2);
  });

  it('a rebalance that keeps a partition claims it again at its next batch, with the same consumer', async () => {
    const consumer = await start();
    consumer.join([0]);
    await consumer.deliver(0, 0);
    consumer.join([0]);
    await consumer.deliver(0, 1);
    expect(kafka.log).toEqual([
      'fence txn.in.0',
      'read-offsets in',
      'commit txn.in.0 [p0m0] 0@1',
      'disconnect txn.in.0',
      'fence txn.in.0',
      'read-offsets in',
      'commit txn.in.0 [p0m1] 0@2',
    ]);
    expect(kafka.consumers).toHaveLength(1);
  });

  it('after a failed commit, does not resolve the batch, and claims the partition again (fence, then offsets) at the next one', async () => {
    const consumer = await start();
    consumer.join([0]);
    await consumer.deliver(0, 0);
    kafka.failNextCommit = true;
    await consumer.deliver(0, 1);
    expect(consumer.resolved.get(0)).toBe('0');
    // kafkajs fetches the unresolved batch again.
    await consumer.deliver(0, 1);
    expect(kafka.log.slice(3)).toEqual([
      'disconnect txn.in.0',
      'fence txn.in.0',
      'read-offsets in',
      'commit txn.in.0 [p0m1] 0@2',
    ]);
    expect(kafka.delivered).toEqual(['p0m0', 'p0m1']);
    expect(kafka.consumers).toHaveLength(1);
  });

  it('skips a batch that an earlier commit covered (fetched from the old leader), never moving the offsets back', async () => {
    const consumer = await start();
    consumer.join([0]);
    await consumer.deliver(0, 0, 4);
    // kafkajs handles a batch fetched before that commit, from another node, after it.
    await consumer.deliver(0, 0, 2);
    expect(consumer.resolved.get(0)).toBe('3');
    await consumer.deliver(0, 3, 2);
    expect(kafka.delivered).toEqual(['p0m0', 'p0m1', 'p0m2', 'p0m3', 'p0m4']);
    expect(kafka.committed.get(0)).toBe(5);
    expect(kafka.log.filter((e) => e.startsWith('commit'))).toEqual([
      'commit txn.in.0 [p0m0 p0m1 p0m2 p0m3] 0@4',
      'commit txn.in.0 [p0m4] 0@5',
    ]);
  });
});
