import { Inject, Injectable } from '@nestjs/common';
import { contentHash, Participant, ValidatedMessage, Violation } from '@cx/contracts';
import { SETTINGS, Settings, topicsOf } from '@cx/config';
import { DurableProducer, GroupCommit, OutgoingRecord, validatedRecord } from '@cx/kafka';
import {
  MessageEntity,
  messageRow,
  MessageStore,
  type SignedInterchange,
  SignedInterchangeStore,
} from '@cx/persistence';
import { ReceivedEnvelope, StatefulValidation } from '@cx/validation';
import { ProblemException, problems } from '../problem';
import { Receipt } from './receipt';

/** One submitted item, as the HTTP layer hands it over. */
export interface Submission {
  body: unknown;
  raw: Buffer;
  /** The sender's detached JWS over `raw` (header X-CX-JWS), or over `interchange`. */
  jws?: string;
  /** The signed EDIFACT interchange `body` was translated from: the bytes `jws` covers. */
  interchange?: ReceivedEnvelope['interchange'];
}

export type Verdict =
  | { kind: 'accepted'; httpStatus: 202 | 200; receipt: Receipt }
  | { kind: 'refused'; problem: ProblemException };

/** An item past the prechecks and the idempotency check, to be validated. */
interface Candidate {
  index: number;
  received: ReceivedEnvelope;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROLE_RULES = new Set(['role.may-send']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An accepted message on its way out: its record for Kafka and its receipt row. */
interface Acceptance {
  record: OutgoingRecord;
  row: MessageEntity;
  /** The signed interchange it was translated from, kept before the message goes on. */
  interchange?: SignedInterchange;
}

/**
 * Judges submitted envelopes as the contract says (sender, idempotency, validation) and accepts the good ones:
 * they are written to Kafka with acks from all in-sync replicas before any receipt is given. Items of a batch are
 * judged as if sent alone, but written together.
 */
@Injectable()
export class SubmissionService {
  /** Concurrent requests' accepted messages share one produce and one receipt insert (see GroupCommit). */
  private readonly acceptances = new GroupCommit<Acceptance>(async (items) => {
    // Kept first: nothing is routed whose signed bytes the evidence bundle could not show.
    await this.interchanges.keep(items.flatMap((a) => (a.interchange ? [a.interchange] : [])));
    await this.producer.send(items.map((a) => a.record));
    // The router records every message too; this row only lets a quick replay find its receipt.
    await this.messages.insertNew(items.map((a) => a.row)).catch(() => undefined);
  });

  constructor(
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly producer: DurableProducer,
    private readonly messages: MessageStore,
    private readonly validation: StatefulValidation,
    private readonly interchanges: SignedInterchangeStore,
  ) {}

  async submit(caller: Participant, items: Submission[]): Promise<Verdict[]> {
    const verdicts: Verdict[] = new Array(items.length);
    const receivedAt = new Date().toISOString();
    const ids = items.map((i) => (isObject(i.body) && typeof i.body.id === 'string' ? i.body.id : ''));
    const known = await this.messages.findByIds(ids.filter((id) => UUID.test(id)));
    const candidates: Candidate[] = [];
    const seen = new Map<string, { hash: string; index: number }>();

    items.forEach((item, index) => {
      const refusal = this.precheck(caller, item.body);
      if (refusal) {
        verdicts[index] = { kind: 'refused', problem: refusal };
        return;
      }
      const id = ids[index];
      const hash = contentHash(item.raw);
      const previous = known.get(id);
      if (previous) {
        verdicts[index] = this.replay(previous.contentHash === hash, id, previous.receivedAt);
        return;
      }
      const earlier = seen.get(id);
      if (earlier) {
        verdicts[index] = this.replay(earlier.hash === hash, id, receivedAt);
        return;
      }
      if (UUID.test(id)) seen.set(id, { hash, index });
      candidates.push({
        index,
        received: {
          value: item.body,
          raw: item.raw,
          receivedAt,
          contentHash: hash,
          jws: item.jws,
          interchange: item.interchange,
        },
      });
    });

    const judgements = await this.validation.judgeAll(candidates.map((c) => c.received));
    const accepted: Array<{ index: number; message: ValidatedMessage }> = [];
    candidates.forEach((c, i) => {
      const { message, violations } = judgements[i];
      if (message) accepted.push({ index: c.index, message });
      else verdicts[c.index] = { kind: 'refused', problem: this.problemOf(violations) };
    });
    await this.accept(accepted.map((a) => ({ ...a, interchange: items[a.index].interchange })));
    for (const { index, message } of accepted) {
      verdicts[index] = {
        kind: 'accepted',
        httpStatus: 202,
        receipt: { id: message.envelope.id, status: 'accepted', receivedAt },
      };
    }
    return verdicts;
  }

  private precheck(caller: Participant, body: unknown): ProblemException | undefined {
    if (!isObject(body)) return problems.malformed('The message must be a JSON object (an envelope).');
    if (!caller.active)
      return problems.forbidden(`Participant ${caller.id} is inactive and may not send messages.`);
    if (typeof body.sender === 'string' && body.sender !== caller.id) {
      return problems.forbidden(`\`sender\` is ${body.sender} but the API key belongs to ${caller.id}.`, [
        {
          path: '/sender',
          message: `must be ${caller.id}, the participant of the API key`,
          rule: 'sender.is-caller',
        },
      ]);
    }
    return undefined;
  }

  private replay(identical: boolean, id: string, receivedAt: string): Verdict {
    if (!identical) {
      return {
        kind: 'refused',
        problem: problems.conflict(`A different message with id ${id} was already accepted.`),
      };
    }
    return { kind: 'accepted', httpStatus: 200, receipt: { id, status: 'accepted', receivedAt } };
  }

  private problemOf(violations: Violation[]): ProblemException {
    const role = violations.filter((v) => ROLE_RULES.has(v.rule));
    if (role.length > 0) return problems.forbidden(role[0].message, role);
    const n = violations.length;
    return problems.invalid(`The message breaks ${n} rule${n === 1 ? '' : 's'} of the standard.`, violations);
  }

  private async accept(
    accepted: Array<{ message: ValidatedMessage; interchange?: Submission['interchange'] }>,
  ): Promise<void> {
    if (accepted.length === 0) return;
    const topic = topicsOf(this.settings).validated;
    const items: Acceptance[] = accepted.map(({ message: m, interchange }) => ({
      record: validatedRecord(topic, m, 'http'),
      row: messageRow(m, { status: 'accepted' }),
      ...(m.interchange && interchange
        ? { interchange: { ...interchange, sender: m.envelope.sender, receivedAt: m.receivedAt } }
        : {}),
    }));
    await this.acceptances.write(items);
  }
}
