import { Injectable } from '@nestjs/common';
import { contentHash, type Participant } from '@cx/contracts';
import { EDIFACT_ID_SECRET, ExchangeSecretStore } from '@cx/persistence';
import {
  isPartyOf,
  locateViolations,
  PARTICIPANT_MESSAGES,
  syntaxViolations,
  translateInterchangeBytes,
  type EdifactLocation,
  type TranslatedInterchange,
  type TranslatedMessage,
} from '@cx/edifact';
import { ProblemException, problems } from '../problem';
import { SubmissionService, Verdict } from '../messages/submission.service';

/** An interchange judged: refused whole (its sender, its syntax), or each message's verdict. */
export type EdifactOutcome =
  | { kind: 'refused'; problem: ProblemException }
  | { kind: 'syntax'; translated: TranslatedInterchange; problem: ProblemException }
  | { kind: 'judged'; translated: TranslatedInterchange; results: EdifactResult[] };

export interface EdifactResult {
  message: TranslatedMessage;
  verdict: Verdict;
}

/** An interchange as received: its bytes, and the sender's detached JWS over them (`X-CX-JWS`), if it sent one. */
export interface ReceivedInterchange {
  bytes: Buffer;
  jws?: string;
}

/**
 * The EDIFACT door of `POST /v1/messages`: an interchange from the caller's own EDIFACT identity, without syntax
 * errors, has each UNH…UNT translated and judged by SubmissionService exactly as a JSON envelope (sender, idempotency,
 * validation, signature, acceptance), its violations located in the interchange. A signed interchange holds one
 * message, whose signature is checked over the interchange's bytes.
 */
@Injectable()
export class EdifactSubmissionService {
  constructor(
    private readonly submissions: SubmissionService,
    private readonly secrets: ExchangeSecretStore,
  ) {}

  async translate(caller: Participant, bytes: Buffer): Promise<TranslatedInterchange> {
    const secret = await this.secrets.secret(EDIFACT_ID_SECRET);
    // The UNB sender is checked to be the caller before anything is judged, so its messages are the caller's.
    return translateInterchangeBytes(bytes, {
      messages: PARTICIPANT_MESSAGES,
      participantOf: () => caller.id,
      ids: { secret, participant: caller.id },
    });
  }

  async submit(
    caller: Participant,
    translated: TranslatedInterchange,
    received: ReceivedInterchange,
  ): Promise<EdifactOutcome> {
    const refusal = this.senderRefusal(caller, translated);
    if (refusal) return { kind: 'refused', problem: refusal };
    const errors = syntaxViolations(translated);
    if (errors.length > 0) {
      const detail = `The interchange has ${errors.length} syntax error${errors.length === 1 ? '' : 's'}; none of its messages was accepted.`;
      return {
        kind: 'syntax',
        translated,
        problem: new ProblemException(400, 'edifact-syntax', detail, errors),
      };
    }
    const { jws } = received;
    if (jws !== undefined && translated.messages.length !== 1) {
      return { kind: 'refused', problem: singleMessageRefusal(translated.messages.length) };
    }
    const interchange =
      jws === undefined ? undefined : { bytes: received.bytes, sha256: contentHash(received.bytes) };
    const verdicts = await this.submissions.submit(
      caller,
      translated.messages.map((m) => ({
        body: m.envelope,
        raw: Buffer.from(JSON.stringify(m.envelope)),
        jws,
        interchange,
      })),
    );
    const results = translated.messages.map((message, i) => ({
      message,
      verdict: located(verdicts[i], message.positions),
    }));
    return { kind: 'judged', translated, results };
  }

  private senderRefusal(
    caller: Participant,
    translated: TranslatedInterchange,
  ): ProblemException | undefined {
    const sender = translated.interchange.header?.sender;
    if (sender === undefined || sender.id === '' || isPartyOf(caller, sender)) return undefined;
    const own = caller.edifactId
      ? `${caller.edifactId}${caller.edifactQualifier ? `:${caller.edifactQualifier}` : ''}`
      : undefined;
    const named = `${sender.id}${sender.qualifier ? `:${sender.qualifier}` : ''}`;
    return problems.forbidden(
      own
        ? `The interchange's UNB sender is ${named} but the API key belongs to ${caller.id}, whose EDIFACT identity is ${own}.`
        : `Participant ${caller.id} has no EDIFACT identity: the exchange's admin registers its UNB sender id (edifactId) first.`,
      [
        {
          path: '',
          message: own
            ? `must be ${own}, the EDIFACT identity of the API key's participant`
            : 'must be registered',
          rule: 'edifact.sender-is-caller',
          edifact: 'UNB 1 / S002 / 0004',
        },
      ],
    );
  }
}

/**
 * A signature covers the whole interchange: the exchange can check it only against every byte, and the messages of one
 * interchange go to different recipients, who could not.
 */
function singleMessageRefusal(count: number): ProblemException {
  return problems.invalid(
    `A signed interchange holds exactly one message; this one holds ${count}. Sign and send each message in an interchange of its own.`,
    [
      {
        path: '',
        message: 'a signed interchange must hold exactly one message',
        rule: 'signature.single-message',
      },
    ],
  );
}

/** A refusal's violations with the EDIFACT position of the value each one names. */
function located(verdict: Verdict, positions: ReadonlyMap<string, EdifactLocation>): Verdict {
  if (verdict.kind === 'accepted' || !verdict.problem.errors) return verdict;
  const p = verdict.problem;
  const errors = locateViolations(p.errors ?? [], positions).map(({ location: _, ...v }) => v);
  return { kind: 'refused', problem: new ProblemException(p.status, p.kind, p.detail, errors, p.headers) };
}
