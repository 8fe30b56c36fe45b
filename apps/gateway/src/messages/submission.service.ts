import { Inject, Injectable } from '@nestjs/common';
import { contentHash, Participant, Violation } from '@cx/contracts';
import { SETTINGS, Settings, topicsOf } from '@cx/config';
import { DurableProducer, GroupCommit, OutgoingRecord, PIPELINE_HEADERS } from '@cx/kafka';
import { MessageEntity, MessageStore, StatefulValidation } from '@cx/persistence';
import { ProblemException, problems } from '../problem';
import { Receipt } from './receipt';

/** One submitted item, as the HTTP layer hands it over. */
export interface Submission {
  body: unknown;
  raw: Buffer;
}

export type Verdict =
  | { kind: 'accepted'; httpStatus: 202 | 200; receipt: Receipt }
  | { kind: 'refused'; problem: ProblemException };

interface Candidate {
  index: number;
  envelope: Record<string, unknown> & { id: string; type: string; consignmentRef: string; sender: string };
  hash: string;
  raw: Buffer;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROLE_RULES = new Set(['role.may-send']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Judges submitted envelopes as the contract says (sender, idempotency, validation) and accepts the good ones:
 * they are written to Kafka with acks from all in-sync replicas before any receipt is given. Items of a batch are
 * judged as if sent alone, but written together.
 */
/** An accepted message on its way out: its record for Kafka and its receipt row. */
interface Acceptance {
  record: OutgoingRecord;
  row: MessageEntity;
}

@Injectable()
export class SubmissionService {
  /** Concurrent requests' accepted messages share one produce and one receipt insert (see GroupCommit). */
  private readonly acceptances = new GroupCommit<Acceptance>(async (items) => {
    await this.producer.send(items.map((a) => a.record));
    // The router records every message too; this row only lets a quick replay find its receipt.
    await this.messages.insertNew(items.map((a) => a.row)).catch(() => undefined);
  });

  constructor(
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly producer: DurableProducer,
    private readonly messages: MessageStore,
    private readonly validation: StatefulValidation,
  ) {}

  async submit(caller: Participant, items: Submission[]): Promise<Verdict[]> {
    const verdicts: Verdict[] = new Array(items.length);
    const receivedAt = new Date().toISOString();
    const ids = items.map((i) => (isObject(i.body) && typeof i.body.id === 'string' ? i.body.id : ''));
    const known = await this.messages.findByIds(ids.filter((id) => UUID.test(id)));
    const candidates: Candidate[] = [];
    const seen = new Map<string, { hash: string; index: number }>();

    const envelopes: Array<Candidate['envelope']> = [];
    items.forEach((item, index) => {
      const refusal = this.precheck(caller, item.body);
      if (refusal) {
        verdicts[index] = { kind: 'refused', problem: refusal };
        return;
      }
      const envelope = item.body as Candidate['envelope'];
      const hash = contentHash(item.raw);
      const previous = known.get(envelope.id);
      if (previous) {
        verdicts[index] = this.replay(previous.contentHash === hash, envelope.id, previous.receivedAt);
        return;
      }
      const earlier = seen.get(envelope.id);
      if (earlier) {
        verdicts[index] = this.replay(earlier.hash === hash, envelope.id, receivedAt);
        return;
      }
      if (UUID.test(envelope.id)) seen.set(envelope.id, { hash, index });
      candidates.push({ index, envelope, hash, raw: item.raw });
      envelopes.push(envelope);
    });

    const violations = await this.validation.validateAll(envelopes);
    const accepted = candidates.filter((c, i) => {
      const problem = this.problemOf(violations[i]);
      if (problem) verdicts[c.index] = { kind: 'refused', problem };
      return !problem;
    });
    await this.accept(accepted, receivedAt);
    for (const c of accepted) {
      verdicts[c.index] = {
        kind: 'accepted',
        httpStatus: 202,
        receipt: { id: c.envelope.id, status: 'accepted', receivedAt },
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

  private problemOf(violations: Violation[]): ProblemException | undefined {
    if (violations.length === 0) return undefined;
    const role = violations.filter((v) => ROLE_RULES.has(v.rule));
    if (role.length > 0) return problems.forbidden(role[0].message, role);
    const n = violations.length;
    return problems.invalid(`The message breaks ${n} rule${n === 1 ? '' : 's'} of the standard.`, violations);
  }

  private async accept(accepted: Candidate[], receivedAt: string): Promise<void> {
    if (accepted.length === 0) return;
    const topic = topicsOf(this.settings).validated;
    const items: Acceptance[] = accepted.map((c) => ({
      record: {
        topic,
        key: c.envelope.consignmentRef,
        value: c.raw,
        headers: {
          [PIPELINE_HEADERS.receivedAt]: receivedAt,
          [PIPELINE_HEADERS.contentHash]: c.hash,
          [PIPELINE_HEADERS.origin]: 'http',
        },
      },
      row: this.row(c, receivedAt),
    }));
    await this.acceptances.write(items);
  }

  private row(c: Candidate, receivedAt: string): MessageEntity {
    const e = c.envelope;
    return Object.assign(new MessageEntity(), {
      id: e.id,
      type: e.type,
      version: String(e.version),
      sender: e.sender,
      consignmentRef: e.consignmentRef,
      status: 'accepted',
      receivedAt,
      contentHash: c.hash,
      envelope: c.raw.toString('utf8'),
      errors: null,
      recipients: null,
      correlationId: typeof e.correlationId === 'string' ? e.correlationId : null,
      routedFrom: null,
      routedAt: null,
    });
  }
}
