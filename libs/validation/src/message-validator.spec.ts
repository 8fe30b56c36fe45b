import {
  CORPUS_NOW,
  loadCorpus,
  loadParticipants,
  loadAcceptedDeclarations,
} from '../../../test/fixtures/corpus';
import { declarationLookupOf, participantDirectoryOf } from './in-memory-context';
import { MessageValidator } from './message-validator';
import type { ValidationContext } from './validation-context';

const validator = new MessageValidator();
const context: ValidationContext = {
  now: CORPUS_NOW,
  participants: participantDirectoryOf(loadParticipants()),
  declarations: declarationLookupOf(loadAcceptedDeclarations().map((d) => [d.messageId, d] as const)),
};
const corpus = loadCorpus();
const message = (file: string) => structuredClone(corpus.find((c) => c.file === file)!.message) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
const NOTE = 'consignment.note/valid-altynkol-aktau-alat-tbilisi-poti';
const summary = (violations: { path: string; rule: string }[]) =>
  violations.map((v) => `${v.rule} ${v.path}`).sort();

describe('MessageValidator', () => {
  it('reports every violation at once: envelope, payload schema and context', () => {
    const note = message(NOTE);
    note.recipients = ['GE-NOBODY'];
    note.createdAt = '2099-01-01T00:00:00Z';
    delete note.payload.documentNumber;
    note.payload.legs[0].from = 'Altynkol';
    expect(summary(validator.validate(note, context))).toEqual([
      'createdAt.not-in-future /createdAt',
      'participant.exists /recipients/0',
      'schema.pattern /payload/legs/0/from',
      'schema.required /payload/documentNumber',
    ]);
  });

  it('reports every rule beyond the schema on a well-formed payload', () => {
    const note = message(NOTE);
    note.payload.equipment[0].containerNumber = 'KTZU4015270';
    note.payload.legs[2].from = 'AZBAK';
    note.payload.totalGrossMassKg = 1;
    note.payload.legs[3].carrier = 'GE-RAIL-NOBODY';
    expect(summary(validator.validate(note, context))).toEqual([
      'iso6346.check-digit /payload/equipment/0/containerNumber',
      'legs.contiguous /payload/legs/2/from',
      'mass.total /payload/totalGrossMassKg',
      'participant.exists /payload/legs/3/carrier',
    ]);
  });

  it('leaves the participants, declarations and clock to validate()', () => {
    const note = message(NOTE);
    note.sender = 'KZ-CUSTOMS';
    note.createdAt = '2099-01-01T00:00:00Z';
    expect(validator.validateStructure(note)).toEqual([]);
    expect(summary(validator.validate(note, context))).toEqual([
      'createdAt.not-in-future /createdAt',
      'role.may-send /type',
    ]);
  });

  it('checks the payload even when the envelope is broken, but judges no participant of a broken envelope', () => {
    const note = message(NOTE);
    note.sender = 'kz-rail-ktz';
    note.payload.legs[0].mode = 'air';
    expect(summary(validator.validate(note, context))).toEqual([
      'schema.enum /payload/legs/0/mode',
      'schema.pattern /sender',
    ]);
  });

  it('lists a rule violation beside a schema violation of the payload', () => {
    const note = message(NOTE);
    note.payload.goods[0].hsCode = '8471.30';
    note.payload.equipment[0].containerNumber = 'KTZU4015270';
    note.payload.legs[3].carrier = 'GE-RAIL-NOBODY';
    expect(summary(validator.validate(note, context))).toEqual([
      'iso6346.check-digit /payload/equipment/0/containerNumber',
      'participant.exists /payload/legs/3/carrier',
      'schema.pattern /payload/goods/0/hsCode',
    ]);
  });

  it('lists a rule violation beside a schema violation of the envelope', () => {
    const note = message(NOTE);
    note.sender = 'KZ-CUSTOMS';
    note.priority = 'high';
    note.payload.equipment[0].containerNumber = 'KTZU4015270';
    expect(summary(validator.validate(note, context))).toEqual([
      'iso6346.check-digit /payload/equipment/0/containerNumber',
      'role.may-send /type',
      'schema.additionalProperties /priority',
    ]);
  });

  it('does not repeat, as a rule, what the schema said at the same place', () => {
    const note = message(NOTE);
    note.payload.equipment[0].containerNumber = 'ktzu4015270';
    expect(summary(validator.validate(note, context))).toEqual([
      'schema.pattern /payload/equipment/0/containerNumber',
    ]);
  });

  it.each([null, 'text', 42, [], true])('answers %j with one violation at the root', (input) => {
    expect(validator.validate(input, context)).toEqual([
      { path: '', rule: 'schema.type', message: 'must be an object' },
    ]);
  });

  it('names the supported types and versions', () => {
    const note = message(NOTE);
    expect(validator.validateStructure({ ...note, type: 'consignment.notice' })[0].message).toContain(
      'ack, cargo.manifest, consignment.note, customs.decision, customs.declaration, message.cancellation, transport.status',
    );
    expect(validator.validateStructure({ ...note, version: '1.1' })).toEqual([
      {
        path: '/version',
        rule: 'version.supported',
        message: 'is not a supported version of consignment.note; supported versions are 1.0, 1.2',
      },
    ]);
  });

  it('explains formats in the words of the schema', () => {
    const note = message(NOTE);
    note.payload.legs[3].to = 'GE-PTI';
    note.id = 'not-a-uuid';
    expect(validator.validateStructure(note)).toEqual([
      {
        path: '/id',
        rule: 'schema.format',
        message: 'must be a UUID such as 0b9f4a5e-6a52-4c2e-9d7e-2f1a9c3b7d10',
      },
      {
        path: '/payload/legs/3/to',
        rule: 'schema.pattern',
        message: 'must be a UN/LOCODE such as AZBAK (country code and three capital letters or digits 2-9)',
      },
    ]);
  });

  it('gives the same answer when called again (compiled validators keep no state between calls)', () => {
    const broken = { ...message(NOTE), consignmentRef: '-' };
    const first = validator.validateStructure(broken);
    validator.validateStructure(message(NOTE));
    expect(validator.validateStructure(broken)).toEqual(first);
  });
});
