/**
 * What a fan-out baseline stage writes for each record it reads, shared by the kafkajs stage (stage.ts) and the
 * client spike's (rdkafka-stage.ts), so that the two differ only in the Kafka client.
 */
import { createHash } from 'node:crypto';
import { ackIdFor, buildAck } from '../../libs/contracts/src/ack';
import { deliveryRecord } from '../../libs/kafka/src/delivery';
import { PIPELINE_HEADERS } from '../../libs/kafka/src/pipeline-headers';
import { OutgoingRecord } from '../../libs/kafka/src/records';
import { StageConfig } from './stage-config';

export interface StageRecord {
  key: string | null;
  value: Buffer;
  headers: Record<string, string>;
}

/** This stage's configuration (passed in BENCH_STAGE, as JSON). */
export const config = JSON.parse(process.env.BENCH_STAGE ?? '') as StageConfig;

/** The validator's shape: the record as read, with the validated headers. */
export function relay(r: StageRecord): OutgoingRecord[] {
  return [
    {
      topic: config.to,
      key: r.key,
      value: r.value,
      headers: {
        [PIPELINE_HEADERS.receivedAt]: new Date().toISOString(),
        [PIPELINE_HEADERS.contentHash]: createHash('sha256').update(r.value).digest('hex'),
        [PIPELINE_HEADERS.origin]: 'kafka',
      },
    },
  ];
}

/** The router's shape: one delivery per recipient of the message's type, and the ack to its sender. */
export function fanOut(r: StageRecord, now: Date): OutgoingRecord[] {
  const e = JSON.parse(r.value.toString('utf8')) as Parameters<typeof deliveryRecord>[1];
  const { recipients, receipt } = config.routes[e.type];
  const signatures = { jws: r.headers[PIPELINE_HEADERS.jws], receipt };
  const out = recipients.map((p) => deliveryRecord(`${config.to}${p}`, e, r.value, { signatures }));
  const ack = buildAck(e, 'accepted', { recipients, ackId: ackIdFor(e.id) }, now);
  out.push(deliveryRecord(`${config.to}${e.sender}`, ack, JSON.stringify(ack), { signatures: { receipt } }));
  return out;
}

/** Transactions committed and records consumed, told at the end: the broker's work grows with transactions. */
export const tally = { transactions: 0, records: 0 };

export function tallyLine(client: string): string {
  const each = tally.transactions ? Math.round(tally.records / tally.transactions) : 0;
  return `bench ${config.kind} stage (${client}): ${tally.transactions} transactions, ${each} records consumed a transaction`;
}
