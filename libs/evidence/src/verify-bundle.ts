import { createHash } from 'node:crypto';
import type { EvidenceBundle, BundleMessage } from './bundle';
import { bodyHashOf, type ChainEntry, type ChainEntryBody, entryHashOf, GENESIS_HASH } from './chain';
import { exchangeClaims } from './exchange-signature';
import type { Jwks } from './exchange-keys';
import { kidOf, verifyDetached } from './jws';
import { importPublic, keyValidAt, kidMatches, type ParticipantKey } from './participant-key';

/** One thing the verifier checked: what (`subject`), whether it holds, and why or why not. */
export interface Finding {
  ok: boolean;
  subject: string;
  detail: string;
}

/**
 * Checks every signature and every link of a bundle against the exchange's keys (`jwks`: obtained independently,
 * e.g. from /.well-known/jwks.json; the bundle's own copy otherwise). Pure: no network, no exchange.
 */
export async function verifyBundle(
  bundle: EvidenceBundle,
  jwks: Jwks = bundle.exchangeKeys,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const chain = [...bundle.chain].sort((x, y) => x.seq - y.seq);
  const segments = segmentsOf(chain);
  if (segments.length === 0) findings.push(fail('chain', 'is empty'));
  findings.push(...(await checkHeads(bundle.heads, segments, jwks)));
  for (const segment of segments) findings.push(...checkLinks(segment));
  const messages = new Map(bundle.messages.map((m) => [m.id, m]));
  const chained = new Set<string>();
  for (const entry of chain) {
    if (!entry.body) continue;
    chained.add(entry.body.messageId);
    findings.push(await checkEntry(entry, messages.get(entry.body.messageId), bundle, jwks));
  }
  for (const m of bundle.messages) {
    if (!chained.has(m.id)) findings.push(fail(`message ${m.id}`, 'is in no entry of the chain'));
  }
  return findings;
}

const ok = (subject: string, detail: string): Finding => ({ ok: true, subject, detail });
const fail = (subject: string, detail: string): Finding => ({ ok: false, subject, detail });

/** The runs of consecutive seqs: the bundle's segments. */
function segmentsOf(chain: ChainEntry[]): ChainEntry[][] {
  const segments: ChainEntry[][] = [];
  for (const e of chain) {
    const current = segments.at(-1);
    if (current && current.at(-1)!.seq + 1 === e.seq) current.push(e);
    else segments.push([e]);
  }
  return segments;
}

/**
 * Each segment must end at an entry a head signed by the exchange vouches for (segments that meet run on as one, so
 * a head may also sign an entry inside one); each head must sign an entry the chain holds.
 */
async function checkHeads(heads: string[], segments: ChainEntry[][], jwks: Jwks): Promise<Finding[]> {
  const findings: Finding[] = [];
  const vouched = new Set<number>();
  for (const head of heads) {
    const verdict = await exchangeClaims(head, jwks);
    if ('error' in verdict) {
      findings.push(fail('signed head', verdict.error));
      continue;
    }
    const { seq, hash, signedAt } = verdict.claims;
    const entry = segments.flat().find((e) => e.seq === seq);
    if (!entry || entry.hash !== hash) {
      findings.push(
        fail('signed head', `signs entry ${String(seq)} (${String(hash)}), which the chain does not hold`),
      );
      continue;
    }
    vouched.add(Number(seq));
    findings.push(ok(`signed head of entry ${String(seq)}`, `signed by the exchange at ${String(signedAt)}`));
  }
  for (const s of segments) {
    const last = s.at(-1)!.seq;
    if (!vouched.has(last))
      findings.push(fail(`entries ${s[0].seq} to ${last}`, 'no signed head vouches for them'));
  }
  return findings;
}

/** Every entry of a segment hashes right and follows the one before it. */
function checkLinks(segment: ChainEntry[]): Finding[] {
  const broken: Finding[] = [];
  segment.forEach((e, i) => {
    const subject = `entry ${e.seq}`;
    if (entryHashOf(e) !== e.hash)
      broken.push(fail(subject, 'its hash does not match its seq, link and body hash'));
    if (e.body && bodyHashOf(e.body) !== e.bodyHash) broken.push(fail(subject, 'its body was altered'));
    const prev = segment[i - 1];
    if (prev && prev.hash !== e.prevHash) {
      broken.push(fail(subject, `does not follow entry ${prev.seq}: its prevHash is not that entry's hash`));
    } else if (!prev && e.seq === 1 && e.prevHash !== GENESIS_HASH) {
      broken.push(fail(subject, 'the first entry does not start from the genesis hash'));
    }
  });
  if (broken.length > 0) return broken;
  const [first, last] = [segment[0].seq, segment.at(-1)!.seq];
  return [ok(`entries ${first} to ${last}`, 'every hash and link holds')];
}

async function checkEntry(
  entry: ChainEntry,
  message: BundleMessage | undefined,
  bundle: EvidenceBundle,
  jwks: Jwks,
): Promise<Finding> {
  const body = entry.body!;
  const subject = `entry ${entry.seq} (${body.type} ${body.messageId} from ${body.sender})`;
  if (body.consignmentRef !== bundle.consignmentRef) return fail(subject, 'belongs to another consignment');
  if (!message) return fail(subject, 'its message is missing from the bundle (deleted from the record?)');
  // Not a pass: the bytes cannot be checked. But no tampering either: the entry, which the chain vouches for, stands.
  if (message.pruned) {
    return fail(
      subject,
      `body pruned under the retention policy: the entry records SHA-256 ${body.contentHash}, delivered to ${body.recipients.join(', ') || 'no one'}`,
    );
  }
  const hash = createHash('sha256').update(message.envelope).digest('hex');
  if (hash !== body.contentHash) {
    return fail(
      subject,
      `the message's bytes differ from those recorded (SHA-256 ${hash}, recorded ${body.contentHash})`,
    );
  }
  if (message.jws !== body.jws) return fail(subject, "the message's signature differs from the recorded one");
  const checks = ['content hash'];
  const signed = signedBytes(message, body);
  if ('problem' in signed) return fail(subject, signed.problem);
  if (body.interchange) checks.push(`EDIFACT interchange ${body.interchange.slice(0, 12)}…`);
  if (body.jws) {
    const problem = await senderSignatureProblem(body.jws, signed.bytes, body, bundle.participantKeys);
    if (problem) return fail(subject, problem);
    checks.push(`sender's signature (key ${kidOf(body.jws)})`);
  }
  if (message.receipt) {
    const verdict = await exchangeClaims(message.receipt, jwks);
    if ('error' in verdict) return fail(subject, `receipt: ${verdict.error}`);
    checks.push("exchange's receipt");
  }
  return ok(subject, `${checks.join(', ')} verified; delivered to ${body.recipients.join(', ') || 'no one'}`);
}

/**
 * The bytes the sender's JWS covers: the envelope's, or those of the signed EDIFACT interchange the entry names (the
 * bundle must carry them, and they must hash to what the entry recorded).
 */
function signedBytes(message: BundleMessage, body: ChainEntryBody): { bytes: Buffer } | { problem: string } {
  if (!body.interchange) {
    if (message.interchange !== undefined)
      return { problem: 'carries an EDIFACT interchange its entry does not name' };
    return { bytes: Buffer.from(message.envelope) };
  }
  if (message.interchange === undefined) {
    return {
      problem: `its signed EDIFACT interchange (SHA-256 ${body.interchange}) is missing from the bundle`,
    };
  }
  const bytes = Buffer.from(message.interchange, 'base64');
  const hash = createHash('sha256').update(bytes).digest('hex');
  if (hash !== body.interchange) {
    return {
      problem: `its EDIFACT interchange's bytes differ from those recorded (SHA-256 ${hash}, recorded ${body.interchange})`,
    };
  }
  return { bytes };
}

async function senderSignatureProblem(
  jws: string,
  signed: Buffer,
  body: { sender: string; receivedAt: string; interchange?: string },
  keys: ParticipantKey[],
): Promise<string | undefined> {
  const kid = kidOf(jws);
  const key = keys.find((k) => k.kid === kid);
  if (!key) return `the sender's key ${kid} is not in the bundle`;
  if (key.participantId !== body.sender) return `key ${kid} belongs to ${key.participantId}, not the sender`;
  if (!(await kidMatches(key))) return `key ${kid} is not the key its id names`;
  if (!keyValidAt(key, body.receivedAt)) return `key ${kid} was not valid at ${body.receivedAt}`;
  const publicKey = await importPublic(key.jwk, key.alg);
  if (!publicKey || !(await verifyDetached(jws, signed, publicKey, key.alg))) {
    const what = body.interchange ? "its EDIFACT interchange's bytes" : "the message's bytes";
    return `the sender's signature does not verify over ${what}`;
  }
  return undefined;
}
