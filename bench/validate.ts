/**
 * Validations per second per message type over the corpus's valid messages, on one core, with a baseline.
 *   npm run bench:validate [-- --seconds=2] [-- --json]
 * Runs TypeScript through @swc-node/register, which honours the tsconfig paths (@cx/*).
 */
import {
  MessageValidator,
  SCHEMA_BASE_URI,
  SchemaRegistry,
  declarationLookupOf,
  participantDirectoryOf,
  type ValidationContext,
} from '@cx/validation';
import { CORPUS_NOW, loadAcceptedDeclarations, loadCorpus, loadParticipants } from '../test/fixtures/corpus';

const GOAL_PER_SECOND = 50_000;
const args = process.argv.slice(2);
const asJson = args.includes('--json');
const seconds = Number(args.find((a) => a.startsWith('--seconds='))?.split('=')[1] ?? 1);

type Envelope = { type: string; version: string };
interface Measurement {
  name: string;
  messages: number;
  avgBytes: number;
  perSecond: number;
}

/** Runs `work` over `inputs` round-robin for `seconds` (after a short warm-up) and counts calls per second. */
function measure(
  name: string,
  inputs: unknown[],
  work: (input: unknown) => unknown,
  duration = seconds,
): Measurement {
  const run = (ms: number) => {
    let calls = 0;
    const start = process.hrtime.bigint();
    const end = start + BigInt(Math.round(ms * 1e6));
    let now = start;
    while (now < end) {
      for (let i = 0; i < 64; i++) work(inputs[(calls + i) % inputs.length]);
      calls += 64;
      now = process.hrtime.bigint();
    }
    return calls / (Number(now - start) / 1e9);
  };
  run(Math.min(300, duration * 300));
  const avgBytes = inputs.reduce<number>((sum, m) => sum + bytesOf(m), 0) / inputs.length;
  return {
    name,
    messages: inputs.length,
    avgBytes: Math.round(avgBytes),
    perSecond: Math.round(run(duration * 1000)),
  };
}

/** Size of a message as JSON text (a string input is that text already). */
function bytesOf(input: unknown): number {
  return Buffer.byteLength(typeof input === 'string' ? input : JSON.stringify(input));
}

const registry = SchemaRegistry.load();
const validator = new MessageValidator(registry);
const context: ValidationContext = {
  now: CORPUS_NOW,
  participants: participantDirectoryOf(loadParticipants()),
  declarations: declarationLookupOf(loadAcceptedDeclarations().map((d) => [d.messageId, d] as const)),
};
const valid = loadCorpus().filter((c) => c.expect === 'valid');
for (const c of valid) {
  if (validator.validateStructure(c.message).length > 0)
    throw new Error(`${c.file} is not valid: fix the corpus`);
}

const byType = registry.types().map((type) =>
  measure(
    type,
    valid.filter((c) => (c.message as Envelope).type === type).map((c) => c.message),
    (m) => validator.validateStructure(m),
  ),
);

// The consignment note nearest 2 KB, alone.
const notes = valid.filter((c) => (c.message as Envelope).type === 'consignment.note');
const note = notes.reduce((best, c) =>
  Math.abs(bytesOf(c.message) - 2048) < Math.abs(bytesOf(best.message) - 2048) ? c : best,
);
const noteText = JSON.stringify(note.message);
const twoKb = measure(`2 KB consignment note (${note.file})`, [note.message], (m) =>
  validator.validateStructure(m),
);
const parsed = measure('the same, from its JSON text (JSON.parse + validateStructure)', [noteText], (text) =>
  validator.validateStructure(JSON.parse(text as string)),
);
const full = measure('the same, validate() with participants, declarations and clock', [note.message], (m) =>
  validator.validate(m, context),
);

// Baseline: the same validator, its schemas compiled for every message (what "compile once" saves).
const documentsFor = (type: string, version: string) =>
  [
    registry.envelope,
    registry.byId(`${SCHEMA_BASE_URI}definitions.schema.json`)!,
    registry.get(type, version)!,
  ].map((schema) => ({ path: (schema.$id as string).slice(SCHEMA_BASE_URI.length), schema }));
const baseline = measure(
  'baseline: MessageValidator built per message (envelope + payload schema compiled each call)',
  [note.message],
  (m) =>
    new MessageValidator(new SchemaRegistry(documentsFor('consignment.note', '1.0'))).validateStructure(m),
  Math.min(seconds, 1),
);
// Reference, not a validator: what merely copying the message through JSON costs.
const roundTrip = measure(
  'reference: JSON.parse(JSON.stringify(note)) round trip, no validation',
  [note.message],
  (m) => JSON.parse(JSON.stringify(m)),
);

const report = {
  node: process.version,
  secondsPerLine: seconds,
  goalPerSecond: GOAL_PER_SECOND,
  byType,
  twoKbNote: { ...twoKb, meetsGoal: twoKb.perSecond >= GOAL_PER_SECOND },
  fromJsonText: parsed,
  fullValidate: full,
  baseline,
  roundTrip,
  speedupOverBaseline: Math.round(twoKb.perSecond / baseline.perSecond),
};

if (asJson) {
  console.log(JSON.stringify(report, null, 2));
} else {
  const row = (m: Measurement) =>
    `${m.name.padEnd(92)} ${String(m.messages).padStart(3)} msg ${String(m.avgBytes).padStart(6)} B ${m.perSecond.toLocaleString('en').padStart(12)} /s`;
  console.log(
    `validateStructure (schema + stateless rules), one core, ${seconds} s a line, node ${process.version}`,
  );
  byType.forEach((m) => console.log(row(m)));
  console.log();
  console.log(row(twoKb));
  [parsed, full].forEach((m) => console.log(row({ ...m, name: `  ${m.name}` })));
  [baseline, roundTrip].forEach((m) => console.log(row(m)));
  console.log();
  console.log(
    `2 KB consignment note: ${twoKb.perSecond.toLocaleString('en')}/s against a goal of ${GOAL_PER_SECOND.toLocaleString('en')}/s` +
      ` (${report.twoKbNote.meetsGoal ? 'met' : 'NOT met'}); ${report.speedupOverBaseline}× the per-message-compile baseline`,
  );
}
