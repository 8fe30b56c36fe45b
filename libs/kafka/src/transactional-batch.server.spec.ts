import { Logger } from '@nestjs/common';
import { EachBatchPayload, Kafka } from 'kafkajs';
import { ConsumedRecord, OutgoingRecord } from './records';
import { TransactionalBatchServer } from './transactional-batch.server';

/**
 * An in-memory Kafka at the transport's I/O boundary: it records, in order, what the clients did (fences, offset
 * reads, commits), and lets a test deliver batches and group joins to the running consumer.
 */
class FakeKafka {
  readonly log: string[] = [];
  readonly consumers: FakeConsumer[] = [];
  /** Whether the next transaction's commit fails (as when the broker goes away while committing). */
  failNextCommit = false;
  private producers = 0;

  producer() {
    const id = ++this.producers;
    let fenced = false;
    return {
      connect: async () => this.log.push(`producer${id}.connect`),
      disconnect: async () => this.log.push(`producer${id}.disconnect`),
      transaction: async () => {
        if (!fenced) this.log.push(`producer${id}.fence`); // kafkajs: InitProducerId at the first transaction
        fenced = true;
        const sent: string[] = [];
        return {
          sendBatch: async ({
            topicMessages,
          }: {
            topicMessages: Array<{ topic: string; messages: unknown[] }>;
          }) => sent.push(...topicMessages.map((t) => `${t.topic}×${t.messages.length}`)),
          sendOffsets: async ({
            topics,
          }: {
            topics: Array<{ topic: string; partitions: Array<{ offset: string }> }>;
          }) =>
            sent.push(...topics.map((t) => `offset ${t.topic}@${t.partitions.map((p) => p.offset).join()}`)),
          commit: async () => {
            if (this.failNextCommit) {
              this.failNextCommit = false;
              throw new Error('broker went away');
            }
            this.log.push(`producer${id}.commit[${sent.join(' ')}]`);
          },
          abort: async () => undefined,
        };
      },
    };
  }

  consumer() {
    const consumer = new FakeConsumer(this.consumers.length + 1, this.log);
    this.consumers.push(consumer);
    return consumer;
  }

  admin(): never {
    throw new Error('literal subscriptions need no admin client');
  }

  get current(): FakeConsumer {
    return this.consumers[this.consumers.length - 1];
  }
}

class FakeConsumer {
  readonly events = { GROUP_JOIN: 'group_join', CRASH: 'crash' };
  private readonly listeners = new Map<string, Array<(e: unknown) => void>>();
  private eachBatch?: (payload: EachBatchPayload) => Promise<void>;

  constructor(
    readonly id: number,
    private readonly log: string[],
  ) {}

  on(event: string, listener: (e: unknown) => void) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
  }
  async connect() {}
  async subscribe() {}
  async run({ eachBatch }: { eachBatch: (payload: EachBatchPayload) => Promise<void> }) {
    this.eachBatch = eachBatch;
    // kafkajs joins the group and reads the committed offsets before its first fetch.
    this.log.push(`consumer${this.id}.read-offsets`);
    this.join();
  }
  async disconnect() {
    this.log.push(`consumer${this.id}.disconnect`);
  }

  /** The group (re)assigns this consumer its partitions: kafkajs reads the committed offsets again. */
  join() {
    for (const listener of this.listeners.get(this.events.GROUP_JOIN) ?? [])
      listener({ payload: { memberId: 'member-1' } });
  }

  /** Delivers a batch of `count` records of topic `in` partition 0 from `offset`, as kafkajs' eachBatch would. */
  deliver(offset: number, count = 1): Promise<void> {
    const messages = Array.from({ length: count }, (_, i) => ({
      offset: String(offset + i),
      key: null,
      value: Buffer.from(`m${offset + i}`),
      headers: {},
      timestamp: '0',
    }));
    const payload = {
      batch: {
        topic: 'in',
        partition: 0,
        messages,
        lastOffset: () => String(offset + count - 1),
      },
      resolveOffset: () => undefined,
      heartbeat: async () => undefined,
      isRunning: () => true,
      isStale: () => false,
    } as unknown as EachBatchPayload;
    return this.eachBatch!(payload);
  }
}

async function startServer(kafka: FakeKafka): Promise<TransactionalBatchServer> {
  const server = new TransactionalBatchServer({
    kafka: kafka as unknown as Kafka,
    groupId: 'group',
    transactionalId: 'txn',
    subscriptions: { in: 'in' },
  });
  // One output record per consumed one, to topic `out`.
  server.addHandler(
    'in',
    async (records: ConsumedRecord[]): Promise<OutgoingRecord[]> =>
      records.map((r) => ({ topic: 'out', key: null, value: r.value ?? Buffer.alloc(0), headers: {} })),
    false,
  );
  await new Promise<void>(
    (resolve, reject) => void server.listen((err) => (err ? reject(err as Error) : resolve())),
  );
  return server;
}

/** Waits until the transport has replaced its consumer (a recovery runs in the background). */
async function nextConsumer(kafka: FakeKafka, after: FakeConsumer): Promise<FakeConsumer> {
  for (let i = 0; i < 1000 && kafka.current === after; i++) await new Promise((r) => setTimeout(r, 5));
  if (kafka.current === after) throw new Error('the transport did not start a new consumer');
  return kafka.current;
}

/** The old clients are gone, and the new producer fenced, before the new consumer read the committed offsets. */
function expectRecovery(log: string[]) {
  expect(log.filter((e) => e !== 'consumer1.disconnect')).toEqual([
    'producer1.disconnect',
    'producer2.connect',
    'producer2.fence',
    'consumer2.read-offsets',
  ]);
  expect(log.indexOf('consumer1.disconnect')).toBeGreaterThanOrEqual(0);
  expect(log.indexOf('consumer1.disconnect')).toBeLessThan(log.indexOf('producer2.fence'));
}

describe('TransactionalBatchServer', () => {
  let kafka: FakeKafka;
  let server: TransactionalBatchServer;

  beforeAll(() => jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined));
  beforeEach(async () => {
    kafka = new FakeKafka();
    server = await startServer(kafka);
  });
  afterEach(() => server.close());

  it('fences earlier producers before its consumer reads the committed offsets', () => {
    expect(kafka.log).toEqual(['producer1.connect', 'producer1.fence', 'consumer1.read-offsets']);
  });

  it("commits a batch's outputs together with its offsets in one transaction", async () => {
    await kafka.current.deliver(0, 3);
    expect(kafka.log.slice(3)).toEqual(['producer1.commit[out×3 offset in@3]']);
  });

  it('after its consumer joins the group again (a rebalance), reads on with the same clients instead of leaving the group', async () => {
    await kafka.current.deliver(0);
    const first = kafka.current;
    // Another instance joined or left. Replacing the consumer here would leave the group, so that every other
    // instance rebalances, replaces its own, and so on: two instances would rebalance each other for ever. The join
    // read the offsets with require_stable, which waits for any transaction still holding them.
    first.join();
    await first.deliver(1);
    expect(kafka.consumers).toHaveLength(1);
    expect(kafka.log.slice(3)).toEqual([
      'producer1.commit[out×1 offset in@1]',
      'producer1.commit[out×1 offset in@2]',
    ]);
  });

  it('leaves out what it committed already when kafkajs fetches it again, and never moves an offset back', async () => {
    const first = kafka.current;
    await first.deliver(0, 3);
    // kafkajs rejoined (a moved leader) with offsets read before that commit, and fetches from 0 again.
    first.join();
    await first.deliver(0, 5);
    // A late answer of the partition's old leader: wholly committed already.
    await first.deliver(1, 2);
    expect(kafka.log.slice(3)).toEqual([
      'producer1.commit[out×3 offset in@3]',
      'producer1.commit[out×2 offset in@5]',
    ]);
  });

  it('after a failed commit, refuses batches until a new producer has fenced and a new consumer read the offsets', async () => {
    const first = kafka.current;
    kafka.failNextCommit = true;
    await expect(first.deliver(0)).rejects.toThrow('broker went away');
    await expect(first.deliver(0)).rejects.toThrow('consumed again');
    const second = await nextConsumer(kafka, first);
    expectRecovery(kafka.log.slice(3));
    await second.deliver(0);
    expect(kafka.log.at(-1)).toBe('producer2.commit[out×1 offset in@1]');
  });

  it('does not take a join of the first assignment for a rejoin', async () => {
    await kafka.current.deliver(0);
    await kafka.current.deliver(1);
    expect(kafka.consumers).toHaveLength(1);
  });
});
