import type { Participant } from '@cx/contracts';
import { loadSettings, topicsOf } from '@cx/config';
import type { DurableProducer, OutgoingRecord } from '@cx/kafka';
import type { SignedInterchangeStore } from '@cx/persistence';
import { corpusMessage, loadParticipants } from '../../../../test/fixtures/corpus';
import {
  InMemoryDatabase,
  participantDirectory,
  statefulValidation,
} from '../../../../test/support/in-memory-stores';
import { Submission, SubmissionService, Verdict } from './submission.service';

const NOTE = 'consignment.note/valid-altynkol-aktau-alat-tbilisi-poti';
const participant = (id: string) => loadParticipants().find((p) => p.id === id)!;
const item = (body: unknown): Submission => ({ body, raw: Buffer.from(JSON.stringify(body)) });
const settings = loadSettings({});

async function setUp() {
  const db = new InMemoryDatabase();
  const sent: OutgoingRecord[] = [];
  const producer = { send: async (records: OutgoingRecord[]) => void sent.push(...records) };
  const validation = statefulValidation(await participantDirectory(), db);
  const service = new SubmissionService(
    settings,
    producer as unknown as DurableProducer,
    db.messageStore,
    validation,
    { keep: async () => undefined } as unknown as SignedInterchangeStore,
  );
  const submit = (caller: Participant, ...bodies: unknown[]) => service.submit(caller, bodies.map(item));
  return { db, sent, submit };
}

const statusOf = (v: Verdict) => (v.kind === 'accepted' ? v.httpStatus : v.problem.status);

describe('SubmissionService', () => {
  it('accepts a valid message: its bytes go to cx.validated keyed by its consignment, and a receipt row is kept', async () => {
    const { db, sent, submit } = await setUp();
    const note = corpusMessage(NOTE);
    const [verdict] = await submit(participant(note.sender), note);
    expect(verdict).toMatchObject({
      kind: 'accepted',
      httpStatus: 202,
      receipt: { id: note.id, status: 'accepted' },
    });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ topic: topicsOf(settings).validated, key: note.consignmentRef });
    expect(sent[0].value.toString()).toBe(JSON.stringify(note));
    expect(sent[0].headers).toMatchObject({ 'cx-origin': 'http' });
    expect(db.messages.get(note.id)).toMatchObject({
      type: 'consignment.note',
      sender: note.sender,
      status: 'accepted',
      errors: null,
      routedFrom: null,
      routedAt: null,
    });
  });

  it('refuses an invalid message with every violation and writes nothing', async () => {
    const { db, sent, submit } = await setUp();
    const note = corpusMessage(NOTE);
    delete note.payload.documentNumber;
    note.payload.legs[0].from = 'Altynkol';
    const [verdict] = await submit(participant(note.sender), note);
    expect(statusOf(verdict)).toBe(422);
    const problem = verdict.kind === 'refused' ? verdict.problem : undefined;
    expect(problem?.errors?.map((e) => e.rule).sort()).toEqual(['schema.pattern', 'schema.required']);
    expect(sent).toEqual([]);
    expect(db.messages.size).toBe(0);
  });

  it('refuses a type the sender’s role may not send with 403, and a sender that is not the caller', async () => {
    const { sent, submit } = await setUp();
    const note = corpusMessage(NOTE);
    const customs = participant('KZ-CUSTOMS');
    const [notCaller] = await submit(customs, note);
    expect(statusOf(notCaller)).toBe(403);
    const [role] = await submit(customs, { ...note, sender: customs.id });
    expect(statusOf(role)).toBe(403);
    expect(sent).toEqual([]);
  });

  it('answers a replay with 200 and its first receipt, other content under a used id with 409', async () => {
    const { sent, submit } = await setUp();
    const note = corpusMessage(NOTE);
    const sender = participant(note.sender);
    const [first] = await submit(sender, note);
    const [again, other] = await submit(sender, note, { ...note, consignmentRef: 'KTZE-2026-009999' });
    expect(statusOf(again)).toBe(200);
    expect(again.kind === 'accepted' && first.kind === 'accepted' && again.receipt).toEqual(
      first.kind === 'accepted' && first.receipt,
    );
    expect(statusOf(other)).toBe(409);
    expect(sent).toHaveLength(1);
  });

  it('judges the items of a batch as if sent alone, and the same id twice in one batch as a replay', async () => {
    const { sent, submit } = await setUp();
    const note = corpusMessage(NOTE);
    const verdicts = await submit(participant(note.sender), note, 'not an envelope', note);
    expect(verdicts.map(statusOf)).toEqual([202, 400, 200]);
    expect(sent).toHaveLength(1);
  });
});
